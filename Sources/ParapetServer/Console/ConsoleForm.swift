/// The fields of an `application/x-www-form-urlencoded` body (what the console's forms post).
///
/// `+` is a space and `%XX` a byte; the decoded bytes must be UTF-8. A field named twice keeps
/// its first value. A malformed body (a bad escape, invalid UTF-8) is nil, never a guess.
struct ConsoleForm: Sendable, Hashable {
    private(set) var fields: [String: String] = [:]

    /// The fields of `body`, or nil when it is malformed.
    init?(_ body: some Collection<UInt8>) {
        for pair in body.split(separator: UInt8(ascii: "&"), omittingEmptySubsequences: true) {
            let parts = pair.split(separator: UInt8(ascii: "="), maxSplits: 1, omittingEmptySubsequences: false)
            guard let name = Self.decode(parts[0]) else { return nil }
            let value = parts.count > 1 ? Self.decode(parts[1]) : ""
            guard let value else { return nil }
            if fields[name] == nil { fields[name] = value }
        }
    }

    subscript(name: String) -> String? { fields[name] }

    /// The field with surrounding whitespace removed; nil when it is missing or blank.
    func trimmed(_ name: String) -> String? {
        guard let value = fields[name] else { return nil }
        let trimmed = Self.trimmingWhitespace(value)
        return trimmed.isEmpty ? nil : trimmed
    }

    /// One name or value: `+` → space, `%XX` → the byte, then UTF-8.
    static func decode(_ encoded: some Collection<UInt8>) -> String? {
        var bytes: [UInt8] = []
        bytes.reserveCapacity(encoded.count)
        var i = encoded.startIndex
        while i != encoded.endIndex {
            let byte = encoded[i]
            if byte == UInt8(ascii: "%") {
                let high = encoded.index(after: i)
                guard high != encoded.endIndex else { return nil }
                let low = encoded.index(after: high)
                guard low != encoded.endIndex, let h = hexValue(encoded[high]), let l = hexValue(encoded[low]) else { return nil }
                bytes.append(h << 4 | l)
                i = encoded.index(after: low)
                continue
            }
            bytes.append(byte == UInt8(ascii: "+") ? UInt8(ascii: " ") : byte)
            i = encoded.index(after: i)
        }
        return String(validating: bytes, as: UTF8.self)
    }

    /// `text` without leading and trailing spaces, tabs and line breaks.
    static func trimmingWhitespace(_ text: String) -> String {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" || $0 == "\r\n" }
        guard let first = text.firstIndex(where: { !isSpace($0) }), let last = text.lastIndex(where: { !isSpace($0) }) else { return "" }
        return String(text[first...last])
    }

    private static func hexValue(_ byte: UInt8) -> UInt8? {
        switch byte {
        case UInt8(ascii: "0")...UInt8(ascii: "9"): byte - UInt8(ascii: "0")
        case UInt8(ascii: "a")...UInt8(ascii: "f"): byte - UInt8(ascii: "a") + 10
        case UInt8(ascii: "A")...UInt8(ascii: "F"): byte - UInt8(ascii: "A") + 10
        default: nil
        }
    }
}
