/// Converts UTF-8 offsets of a text to Unicode code-point offsets (what Python indexes by).
enum CodePoints {
    /// Code-point offsets for each of `offsets` (any order) in one pass over `utf8`.
    static func offsets(_ offsets: [Int], in utf8: UnsafeBufferPointer<UInt8>) -> [Int] {
        let order = offsets.indices.sorted { offsets[$0] < offsets[$1] }
        var result = [Int](repeating: 0, count: offsets.count)
        var position = 0
        var count = 0
        for index in order {
            let target = min(max(offsets[index], 0), utf8.count)
            while position < target {
                if utf8[position] & 0xC0 != 0x80 { count += 1 }
                position += 1
            }
            result[index] = count
        }
        return result
    }
}
