extension JSONRepair {
    /// A curly quotation mark: `“` U+201C, `”` U+201D, `‘` U+2018 or `’` U+2019 (three UTF-8 bytes
    /// each).
    struct SmartQuote {
        /// `“` or `”` rather than `‘` or `’`.
        var isDouble: Bool
    }

    /// The curly quote whose encoding starts at `index`, if any.
    @inline(__always) static func smartQuote(_ bytes: [UInt8], at index: Int) -> SmartQuote? {
        guard index + 2 < bytes.count, bytes[index] == 0xE2, bytes[index + 1] == 0x80 else { return nil }
        switch bytes[index + 2] {
        case 0x9C, 0x9D: return SmartQuote(isDouble: true)
        case 0x98, 0x99: return SmartQuote(isDouble: false)
        default: return nil
        }
    }

    /// `bytes` with the curly quotes that delimit strings replaced by `"`; nil when there are none.
    ///
    /// Outside strings, a curly quote opens a string. Inside a curly-quoted string, a quote of the
    /// same kind closes it only when what follows is `:`, `,`, `}`, `]` or the end of the text, so
    /// `“He said “hi” to me”` stays one string; any straight `"` inside it is escaped. Strings
    /// opened by a straight quote are copied unchanged, curly quotes and all.
    static func replaceSmartQuotes(_ bytes: [UInt8]) -> [UInt8]? {
        guard containsSmartQuote(bytes) else { return nil }
        enum State { case outside, straight, curly(double: Bool) }
        var output: [UInt8] = []
        output.reserveCapacity(bytes.count)
        var state = State.outside
        var changed = false
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            switch state {
            case .outside:
                if byte == UInt8(ascii: "\"") {
                    state = .straight
                } else if let quote = smartQuote(bytes, at: index) {
                    output.append(UInt8(ascii: "\""))
                    state = .curly(double: quote.isDouble)
                    changed = true
                    index += 3
                    continue
                }
            case .straight:
                if byte == UInt8(ascii: "\\") {
                    output.append(contentsOf: bytes[index..<min(index + 2, bytes.count)])
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") { state = .outside }
            case .curly(let double):
                if byte == UInt8(ascii: "\\") {
                    output.append(contentsOf: bytes[index..<min(index + 2, bytes.count)])
                    index += 2
                    continue
                }
                if let quote = smartQuote(bytes, at: index), quote.isDouble == double, closesString(bytes, at: index + 3) {
                    output.append(UInt8(ascii: "\""))
                    state = .outside
                    index += 3
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    if double, closesString(bytes, at: index + 1) {
                        state = .outside
                    } else {
                        output.append(UInt8(ascii: "\\"))
                    }
                }
            }
            output.append(byte)
            index += 1
        }
        return changed ? output : nil
    }

    /// Whether any curly quote occurs in `bytes`.
    static func containsSmartQuote(_ bytes: [UInt8]) -> Bool {
        var index = 0
        while index + 2 < bytes.count {
            if bytes[index] == 0xE2, smartQuote(bytes, at: index) != nil { return true }
            index += 1
        }
        return false
    }

    /// Whether the next byte that is not whitespace is `:`, `,`, `}`, `]` or the end of the text.
    static func closesString(_ bytes: [UInt8], at index: Int) -> Bool {
        let next = skipSpace(bytes, from: index)
        guard next < bytes.count else { return true }
        switch bytes[next] {
        case UInt8(ascii: ":"), UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"): return true
        default: return false
        }
    }
}
