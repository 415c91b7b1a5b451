import ParapetCore

/// Phone numbers: NANP in its common layouts, E.164 (`+CC …`), and other national layouts next
/// to a phone context word.
extension PIIScanner {
    /// A phone number starting at `s` (a digit, `+` or `(`).
    func phone(start s: Int) -> PIIMatch? {
        var i = s
        let plus = at(i) == 0x2B
        if plus { i += 1 }
        var digits = 0
        var groups = 0
        var lens: UInt64 = 0  // 4 bits per group, first group lowest
        var sepMask: UInt8 = 0  // 1 space, 2 dash, 4 dot
        var parens = 0
        var value: UInt64 = 0  // all digits as a number (≤ 15 digits)
        var end = i
        while groups < 8 {
            var j = end
            var pending: UInt8 = 0
            if groups > 0 {
                var k = 0
                while k < 2 {
                    let c = at(j)
                    if c == 0x20 { pending |= 1 } else if c == 0x2D { pending |= 2 } else if c == 0x2E { pending |= 4 } else { break }
                    j += 1
                    k += 1
                }
                if pending & 4 != 0 && k > 1 { break }
            }
            var gl = 0
            var inParens = false
            if at(j) == 0x28 {
                inParens = true
                j += 1
                while ByteClass.isDigit(at(j)) && gl < 5 {
                    value = value &* 10 &+ UInt64(at(j) &- 0x30)
                    j += 1
                    gl += 1
                }
                guard gl >= 1, gl <= 4, at(j) == 0x29 else { break }
                j += 1
            } else {
                var v = value
                while ByteClass.isDigit(at(j)) && gl <= 15 {
                    v = v &* 10 &+ UInt64(at(j) &- 0x30)
                    j += 1
                    gl += 1
                }
                if gl == 0 { break }
                value = v
            }
            digits += gl
            if digits > 15 { return nil }
            lens |= UInt64(min(gl, 15)) << (4 * UInt64(groups))
            groups += 1
            sepMask |= pending
            if inParens { parens += 1 }
            end = j
        }
        guard groups > 0 else { return nil }
        if groups == 8 && (at(end) == 0x20 || at(end) == 0x2D) && ByteClass.isDigit(at(end + 1)) { return nil }
        @inline(__always) func len(_ g: Int) -> Int { Int((lens >> (4 * UInt64(g))) & 0xF) }

        // Extension: x123, ext. 123.
        var mainEnd = end
        do {
            var j = end
            if at(j) == 0x20 { j += 1 }
            var marker = false
            if low(j) == 0x78 && ByteClass.isDigit(at(j + 1)) {
                j += 1
                marker = true
            } else if low(j) == 0x65 && low(j + 1) == 0x78 && low(j + 2) == 0x74 {
                j += 3
                if at(j) == 0x2E { j += 1 }
                if at(j) == 0x20 { j += 1 }
                marker = true
            }
            if marker {
                let ds = j
                while ByteClass.isDigit(at(j)) && j - ds < 7 { j += 1 }
                if j - ds >= 1 && j - ds <= 6 { mainEnd = j }
            }
        }
        guard numberEndsAt(mainEnd) else { return nil }
        guard digits >= (plus ? 8 : 7) else { return nil }

        // Dates: 2024-05-01, 01.05.2024, 5-1-2024.
        if groups == 3 && parens == 0 && !plus {
            let a = len(0), b2 = len(1), c = len(2)
            if (a == 4 && b2 <= 2 && c <= 2) || (a <= 2 && b2 <= 2 && c == 4) { return nil }
        }
        // At most one single-digit group (a country code or trunk prefix): "1 2 3 4 5 6 7" is a list.
        var singles = 0
        for g in 0..<groups where len(g) == 1 { singles += 1 }
        if singles > 1 { return nil }
        // Dotted layouts need at least three groups of two or more digits (not decimals).
        if sepMask & 4 != 0 {
            guard groups >= 3 else { return nil }
            for g in 0..<groups where len(g) < 2 { return nil }
        }

        let labelAfter = ContextWords.after(l, mainEnd, ContextWords.phoneAfter)
        var context = ctxBefore(s, ContextWords.phone) || labelAfter
        // Digits followed by a word ("17031 2202 Rissik St") read as a street address or a
        // quantity, not a phone number, unless the layout itself says phone.
        if at(mainEnd) == 0x20 && ByteClass.isAlpha(at(mainEnd + 1)) && !labelAfter { context = false }
        let negative = ctxBefore(s, ContextWords.negativeNumber, window: 24)

        // NANP: optional 1 / +1 / 001 prefix, then 3-3-4 or ten digits, NPA and NXX starting 2–9.
        var nanp = false
        var nanpFormatted = false
        var national: UInt64 = 0
        var rest = 0  // index of the first national group
        if digits == 10 && !plus {
            national = value
        } else if digits == 11 && len(0) == 1 && value / 10_000_000_000 == 1 {
            national = value % 10_000_000_000
            rest = 1
        } else if digits == 11 && len(0) == 11 && value / 10_000_000_000 == 1 && !plus {
            national = value % 10_000_000_000
        } else if digits == 13 && !plus && len(0) == 3 && value / 10_000_000_000 == 1 {
            national = value % 10_000_000_000
            rest = 1
        }
        if national != 0 {
            let npaFirst = national / 1_000_000_000
            let nxxFirst = (national / 1_000_000) % 10
            if npaFirst >= 2 && nxxFirst >= 2 {
                if groups - rest == 3 && len(rest) == 3 && len(rest + 1) == 3 && len(rest + 2) == 4 {
                    nanp = true
                    nanpFormatted = true
                } else if groups - rest == 1 && len(rest) == 10 {
                    nanp = true
                } else if groups == 1 && len(0) == 11 {
                    nanp = true
                }
            }
        }

        var score: Double
        let explanation: String
        if nanpFormatted {
            score = context ? 0.92 : (plus ? 0.8 : 0.6)
            explanation = context ? "NANP phone number with context word" : "NANP phone number"
        } else if plus {
            score = context ? 0.9 : 0.65
            explanation = context ? "E.164 phone number with context word" : "E.164 phone number"
        } else if nanp {
            score = context ? 0.8 : 0.3
            explanation = context ? "Ten-digit NANP phone number with context word" : "Ten-digit number shaped like a NANP phone number"
        } else if groups >= 2 || parens > 0 {
            score = context ? 0.75 : 0.35
            explanation = context ? "Phone number with context word" : "Grouped digits shaped like a phone number"
        } else {
            guard context else { return nil }
            score = 0.7
            explanation = "Digit run with phone context word"
        }
        if negative { score -= 0.35 }
        guard score >= 0.3 else { return nil }
        return PIIMatch(category: PIICategory.phone, start: s, end: mainEnd, score: score, explanation: explanation)
    }
}
