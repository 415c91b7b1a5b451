extension JSONRepair {
    /// The longest `{…}` or `[…]` in `bytes` (to the end of the text when it is never closed),
    /// without the prose around it; nil when there is none or it is already the whole text.
    ///
    /// A bracket starts a candidate only when what follows looks like JSON (`{` then a quote or `}`;
    /// `[` then a value or `]`), so "use {braces}" or "[the results]" in the prose are skipped.
    /// Inside a candidate, brackets in strings (straight or curly-quoted) do not count. Two or more
    /// objects are two answers, not one: nil (brackets elsewhere are usually citations or lists).
    static func extractValue(_ bytes: [UInt8]) -> [UInt8]? {
        var best: Range<Int>? = nil
        var objects = 0
        var index = 0
        while index < bytes.count {
            let byte = bytes[index]
            guard byte == UInt8(ascii: "{") || byte == UInt8(ascii: "["), looksLikeValue(bytes, openingAt: index) else {
                index += 1
                continue
            }
            let end = valueEnd(bytes, openingAt: index)
            if byte == UInt8(ascii: "{") {
                objects += 1
                if objects > 1 { return nil }
            }
            if end - index > best?.count ?? 0 { best = index..<end }
            index = end
        }
        guard let best else { return nil }
        let whole = trimmed(bytes[...])
        guard best.lowerBound > whole.startIndex || best.upperBound < whole.endIndex else { return nil }
        return Array(bytes[best])
    }

    /// Whether the bracket at `index` is followed by something a JSON value could hold there.
    static func looksLikeValue(_ bytes: [UInt8], openingAt index: Int) -> Bool {
        let next = skipSpace(bytes, from: index + 1)
        guard next < bytes.count else { return true }
        let byte = bytes[next]
        if byte == UInt8(ascii: "\"") || smartQuote(bytes, at: next) != nil { return true }
        if bytes[index] == UInt8(ascii: "{") { return byte == UInt8(ascii: "}") }
        switch byte {
        case UInt8(ascii: "{"), UInt8(ascii: "["), UInt8(ascii: "]"), UInt8(ascii: "-"): return true
        case UInt8(ascii: "0")...UInt8(ascii: "9"): return true
        case UInt8(ascii: "t"): return startsLiteral(bytes, at: next, "true")
        case UInt8(ascii: "f"): return startsLiteral(bytes, at: next, "false")
        case UInt8(ascii: "n"): return startsLiteral(bytes, at: next, "null")
        default: return false
        }
    }

    /// Whether `literal` (or, at the end of the text, a prefix of it) starts at `index` and is not
    /// followed by a letter.
    static func startsLiteral(_ bytes: [UInt8], at index: Int, _ literal: StaticString) -> Bool {
        let count = literal.utf8CodeUnitCount
        for offset in 0..<count {
            guard index + offset < bytes.count else { return true }
            if bytes[index + offset] != literal.utf8Start[offset] { return false }
        }
        return index + count == bytes.count || !ByteClass.isAlpha(bytes[index + count])
    }

    /// The index after the bracket that closes the one at `start`, or the end of the text.
    static func valueEnd(_ bytes: [UInt8], openingAt start: Int) -> Int {
        var depth = 0
        var index = start
        var inString = false
        var curly = false
        while index < bytes.count {
            let byte = bytes[index]
            if inString {
                if byte == UInt8(ascii: "\\") {
                    index += 2
                    continue
                }
                if byte == UInt8(ascii: "\"") {
                    inString = false
                } else if curly, let quote = smartQuote(bytes, at: index), quote.isDouble {
                    inString = false
                    index += 3
                    continue
                }
            } else if byte == UInt8(ascii: "\"") {
                inString = true
                curly = false
            } else if let quote = smartQuote(bytes, at: index), quote.isDouble {
                inString = true
                curly = true
                index += 3
                continue
            } else if byte == UInt8(ascii: "{") || byte == UInt8(ascii: "[") {
                depth += 1
            } else if byte == UInt8(ascii: "}") || byte == UInt8(ascii: "]") {
                depth -= 1
                if depth == 0 { return index + 1 }
            }
            index += 1
        }
        return bytes.count
    }
}
