extension AnswerToken {
    /// For JSON output: the probability that the boolean field `field` (for example
    /// `has_sufficient_context_for_answer`) is `true`.
    ///
    /// Reads the generated text as a stream of JSON tokens (so a key split across tokens, a key
    /// inside a markdown fence, or escaped quotes inside string values are handled) and finds the
    /// first member named `field`; the token where its value starts decides. Each candidate at
    /// that position (the generated token and its `top` alternatives) counts as `true` or
    /// `false` when, after the text the generated token has before the value (such as `": "`) and
    /// any whitespace, it begins `true` or `false`. Returns the summed probability of the `true`
    /// candidates, or 1 minus the `false` ones when only `false` is visible, clamped to 0…1.
    ///
    /// Nil when the field is not found, when its value is not visibly a boolean (`null`, a
    /// string, cut off), or when the field name contains characters JSON would escape.
    public static func booleanFieldProbability(field: String, in tokens: [TokenLogprob]) -> Double? {
        guard !field.isEmpty, !field.utf8.contains(where: { $0 < 0x20 || $0 == UInt8(ascii: "\"") || $0 == UInt8(ascii: "\\") }) else {
            return nil
        }
        var text: [UInt8] = []
        var starts: [Int] = []
        starts.reserveCapacity(tokens.count)
        for token in tokens {
            starts.append(text.count)
            text.append(contentsOf: token.token.utf8)
        }
        guard let valueOffset = JSONKeyScanner.valueOffset(ofKey: Array(field.utf8), in: text) else { return nil }
        // The last token starting at or before the value: it contains the value, since any token
        // after it starts beyond the value, and an empty one would not be the last.
        var low = 0
        var high = starts.count
        while high - low > 1 {
            let middle = (low + high) / 2
            if starts[middle] <= valueOffset { low = middle } else { high = middle }
        }
        let token = tokens[low]
        let prefix = text[starts[low]..<valueOffset]
        var trueMass = 0.0
        var falseMass = 0.0
        var sawTrue = false
        var sawFalse = false
        for candidate in token.candidates {
            switch booleanValue(of: Array(candidate.token.utf8), after: prefix) {
            case true?: trueMass += candidate.probability; sawTrue = true
            case false?: falseMass += candidate.probability; sawFalse = true
            case nil: break
            }
        }
        if sawTrue { return Probability.clamped(trueMass) }
        if sawFalse { return Probability.clamped(1 - falseMass) }
        return nil
    }

    /// `true`/`false` when the candidate, after the generated token's pre-value text (or, when it
    /// does not share it, after leading whitespace, colons and quotes) and whitespace, begins a
    /// JSON boolean: a non-empty prefix of the literal, or the literal followed by a non-letter.
    static func booleanValue(of candidate: [UInt8], after prefix: ArraySlice<UInt8>) -> Bool? {
        var rest = candidate[...]
        if rest.starts(with: prefix) {
            rest = rest.dropFirst(prefix.count)
        } else {
            rest = rest.drop { $0 == UInt8(ascii: ":") || $0 == UInt8(ascii: "\"") || JSONKeyScanner.isWhitespace($0) }
        }
        rest = rest.drop { JSONKeyScanner.isWhitespace($0) }
        guard !rest.isEmpty else { return nil }
        for (literal, value) in [(Array("true".utf8), true), (Array("false".utf8), false)] {
            if literal.starts(with: rest) { return value }
            if rest.starts(with: literal) {
                guard let next = rest.dropFirst(literal.count).first else { return value }
                let isWordByte = (UInt8(ascii: "a")...UInt8(ascii: "z")).contains(next | 0x20)
                    || (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(next) || next == UInt8(ascii: "_")
                if !isWordByte { return value }
            }
        }
        return nil
    }
}

/// Finds object members in possibly incomplete, possibly fenced JSON text without parsing it:
/// tracks only whether it is inside a string, so it is linear and never fails.
enum JSONKeyScanner {
    static func isWhitespace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The offset where the value of the first member named `key` starts (after `"key"`, optional
    /// whitespace, `:` and optional whitespace); nil when there is none or the text ends first.
    static func valueOffset(ofKey key: [UInt8], in text: [UInt8]) -> Int? {
        var index = 0
        while index < text.count {
            guard text[index] == UInt8(ascii: "\"") else {
                index += 1
                continue
            }
            let start = index + 1
            var end = start
            var escaped = false
            while end < text.count {
                let byte = text[end]
                if escaped {
                    escaped = false
                } else if byte == UInt8(ascii: "\\") {
                    escaped = true
                } else if byte == UInt8(ascii: "\"") {
                    break
                }
                end += 1
            }
            guard end < text.count else { return nil }
            var after = end + 1
            while after < text.count, isWhitespace(text[after]) { after += 1 }
            if after < text.count, text[after] == UInt8(ascii: ":") {
                if text[start..<end].elementsEqual(key) {
                    after += 1
                    while after < text.count, isWhitespace(text[after]) { after += 1 }
                    return after < text.count ? after : nil
                }
            }
            index = end + 1
        }
        return nil
    }
}
