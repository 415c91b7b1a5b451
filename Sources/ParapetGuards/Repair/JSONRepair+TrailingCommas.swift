extension JSONRepair {
    /// `bytes` without the commas (outside strings) that are followed, after whitespace, by `}` or
    /// `]`; nil when there are none. Copies only once the first such comma is found.
    static func dropTrailingCommas(_ bytes: [UInt8]) -> [UInt8]? {
        var output: [UInt8]? = nil
        var copied = 0
        var inString = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { inString = false }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
            } else if byte == UInt8(ascii: ",") {
                let next = skipSpace(bytes, from: index + 1)
                if next < bytes.count, bytes[next] == UInt8(ascii: "}") || bytes[next] == UInt8(ascii: "]") {
                    if output == nil { output = []; output?.reserveCapacity(bytes.count) }
                    output?.append(contentsOf: bytes[copied..<index])
                    copied = index + 1
                }
            }
            index += 1
        }
        guard var output else { return nil }
        output.append(contentsOf: bytes[copied...])
        return output
    }
}
