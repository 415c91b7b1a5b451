extension JSON {
    /// The compact serialisation: numbers from their text, keys in order, strings escaped only
    /// where JSON requires it (non-ASCII stays UTF-8).
    public var serialized: [UInt8] {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return bytes
    }

    /// Appends the compact serialisation to `bytes`.
    public func write(to bytes: inout [UInt8]) {
        switch self {
        case .null: bytes.append(contentsOf: "null".utf8)
        case .bool(let value): bytes.append(contentsOf: (value ? "true" : "false").utf8)
        case .number(let text): bytes.append(contentsOf: text.utf8)
        case .string(let text): JSON.writeString(text, to: &bytes)
        case .array(let elements): JSON.writeArray(elements, to: &bytes)
        case .object(let object): object.write(to: &bytes)
        }
    }

    package static func writeArray(_ elements: [JSON], to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "["))
        for (offset, element) in elements.enumerated() {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            element.write(to: &bytes)
        }
        bytes.append(UInt8(ascii: "]"))
    }

    /// Writes `text` as a JSON string literal, copying runs that need no escaping in one go.
    package static func writeString(_ text: String, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\""))
        let done: Void? = text.utf8.withContiguousStorageIfAvailable { utf8 in
            writeEscaped(utf8, to: &bytes)
        }
        if done == nil { writeEscaped(Array(text.utf8), to: &bytes) }
        bytes.append(UInt8(ascii: "\""))
    }

    package static func writeEscaped(_ utf8: some RandomAccessCollection<UInt8>, to bytes: inout [UInt8]) {
        var runStart = utf8.startIndex
        var position = utf8.startIndex
        while position != utf8.endIndex {
            let byte = utf8[position]
            if byte < 0x20 || byte == UInt8(ascii: "\"") || byte == UInt8(ascii: "\\") {
                bytes.append(contentsOf: utf8[runStart..<position])
                appendEscape(byte, to: &bytes)
                runStart = utf8.index(after: position)
            }
            position = utf8.index(after: position)
        }
        bytes.append(contentsOf: utf8[runStart..<position])
    }

    package static func appendEscape(_ byte: UInt8, to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "\\"))
        switch byte {
        case UInt8(ascii: "\""), UInt8(ascii: "\\"): bytes.append(byte)
        case 0x0A: bytes.append(UInt8(ascii: "n"))
        case 0x0D: bytes.append(UInt8(ascii: "r"))
        case 0x09: bytes.append(UInt8(ascii: "t"))
        case 0x08: bytes.append(UInt8(ascii: "b"))
        case 0x0C: bytes.append(UInt8(ascii: "f"))
        default:
            let hex: [UInt8] = Array("0123456789abcdef".utf8)
            bytes.append(contentsOf: [UInt8(ascii: "u"), UInt8(ascii: "0"), UInt8(ascii: "0"), hex[Int(byte >> 4)], hex[Int(byte & 0xF)]])
        }
    }
}

extension JSONObject {
    /// Appends the compact serialisation of this object to `bytes`.
    public func write(to bytes: inout [UInt8]) {
        bytes.append(UInt8(ascii: "{"))
        for offset in keys.indices {
            if offset > 0 { bytes.append(UInt8(ascii: ",")) }
            JSON.writeString(keys[offset], to: &bytes)
            bytes.append(UInt8(ascii: ":"))
            values[offset].write(to: &bytes)
        }
        bytes.append(UInt8(ascii: "}"))
    }

    /// The compact serialisation of this object.
    public var serialized: [UInt8] {
        var bytes: [UInt8] = []
        write(to: &bytes)
        return bytes
    }
}

extension JSON: CustomStringConvertible {
    /// The compact serialisation as text.
    public var description: String { String(decoding: serialized, as: UTF8.self) }
}
