import Hummingbird

/// Writing JSON values straight into a buffer, so answers are built from static templates
/// without an encoder.
extension ByteBuffer {
    /// Writes `text` as a quoted JSON string, escaping quotes, backslashes and control characters.
    mutating func writeJSONString(_ text: some StringProtocol) {
        var string = String(text)
        writeInteger(UInt8(ascii: "\""))
        string.withUTF8 { bytes in
            var runStart = 0
            for index in bytes.indices {
                let byte = bytes[index]
                guard byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") else { continue }
                writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<index]))
                writeJSONEscape(byte)
                runStart = index + 1
            }
            writeBytes(UnsafeRawBufferPointer(rebasing: UnsafeRawBufferPointer(bytes)[runStart..<bytes.count]))
        }
        writeInteger(UInt8(ascii: "\""))
    }

    /// Writes `value` in decimal.
    mutating func writeDecimal(_ value: Int) {
        writeString(String(value))
    }

    private mutating func writeJSONEscape(_ byte: UInt8) {
        switch byte {
        case UInt8(ascii: "\""): writeStaticString("\\\"")
        case UInt8(ascii: "\\"): writeStaticString("\\\\")
        case UInt8(ascii: "\n"): writeStaticString("\\n")
        case UInt8(ascii: "\r"): writeStaticString("\\r")
        case UInt8(ascii: "\t"): writeStaticString("\\t")
        default:
            let digits: StaticString = "0123456789abcdef"
            writeStaticString("\\u00")
            digits.withUTF8Buffer { hex in
                writeInteger(hex[Int(byte >> 4)])
                writeInteger(hex[Int(byte & 0x0F)])
            }
        }
    }
}
