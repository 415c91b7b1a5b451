extension JSONRepair {
    /// `bytes` without the commas (outside strings) that are followed, after whitespace, by `}` or
    /// `]`; nil when there are none.
    static func dropTrailingCommas(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var inString = false
        var changed = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    output.append(contentsOf: bytes[index..<min(index + 2, bytes.count)])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                let next = skipSpace(bytes, from: index + 1)
                if next < bytes.count, bytes[next] == UInt8(ascii: "}") || bytes[next] == UInt8(ascii: "]") {
                    changed = true
                    index += 1
                    continue
                }
            }
            output.append(byte)
            index += 1
        }
        return changed ? output : nil
    }
}
