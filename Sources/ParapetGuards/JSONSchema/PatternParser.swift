/// A recursive-descent parser for ECMA-262 patterns with the `u` flag, plus the Annex B leniency
/// that schemas in the wild rely on: a `{` that does not start a quantifier, `}` and `]` are
/// literals, and any ASCII punctuation may be escaped. Lookbehind, `Script=` properties and
/// unknown letter escapes are refused. Nesting is limited so recursion cannot exhaust the stack.
struct PatternParser {
    static let maxNesting = 64
    /// Larger counted repetitions are refused (they would expand into a huge program).
    static let maxRepeatCount = 10_000

    private let scalars: [UInt32]
    private var index = 0
    private var nesting = 0
    private var groupCount = 0
    private let totalGroups: Int
    private let groupNames: [String: Int]

    init(_ pattern: String) {
        scalars = pattern.unicodeScalars.map(\.value)
        (totalGroups, groupNames) = Self.scanGroups(scalars)
    }

    /// The number of capturing groups found by `parse()`.
    var captureCount: Int { totalGroups }

    mutating func parse() throws(PatternError) -> PatternNode {
        let node = try parseDisjunction()
        if index < scalars.count {
            throw PatternError(scalars[index] == 0x29 ? "unmatched ')'" : "unexpected character", at: index)
        }
        return node
    }

    // MARK: - Structure

    private var peek: UInt32? { index < scalars.count ? scalars[index] : nil }

    private func peek(_ offset: Int) -> UInt32? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    private func error(_ message: String) -> PatternError { PatternError(message, at: index) }

    private mutating func parseDisjunction() throws(PatternError) -> PatternNode {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else { throw error("pattern nested too deeply") }
        var alternatives = [try parseAlternative()]
        while peek == 0x7C {  // |
            index += 1
            alternatives.append(try parseAlternative())
        }
        return alternatives.count == 1 ? alternatives[0] : .alternation(alternatives)
    }

    private mutating func parseAlternative() throws(PatternError) -> PatternNode {
        var terms: [PatternNode] = []
        while let c = peek, c != 0x7C, c != 0x29 {  // | )
            terms.append(try parseTerm())
        }
        switch terms.count {
        case 0: return .empty
        case 1: return terms[0]
        default: return .sequence(terms)
        }
    }

    private mutating func parseTerm() throws(PatternError) -> PatternNode {
        let start = index
        guard let c = peek else { throw error("unexpected end of pattern") }
        switch c {
        case 0x5E:  // ^
            index += 1
            return try refuseQuantifier(.assertion(.start))
        case 0x24:  // $
            index += 1
            return try refuseQuantifier(.assertion(.end))
        case 0x5C where peek(1) == 0x62:  // \b
            index += 2
            return try refuseQuantifier(.assertion(.wordBoundary))
        case 0x5C where peek(1) == 0x42:  // \B
            index += 2
            return try refuseQuantifier(.assertion(.notWordBoundary))
        case 0x28 where peek(1) == 0x3F && (peek(2) == 0x3D || peek(2) == 0x21):  // (?= (?!
            let negative = peek(2) == 0x21
            index += 3
            let inner = try parseDisjunction()
            try expectCloseParen(openedAt: start)
            return try refuseQuantifier(.lookahead(inner, negative: negative))
        default:
            let atom = try parseAtom()
            return try parseQuantifier(atom, atomStart: start)
        }
    }

    private mutating func refuseQuantifier(_ node: PatternNode) throws(PatternError) -> PatternNode {
        if let c = peek, c == 0x2A || c == 0x2B || c == 0x3F || (c == 0x7B && quantifierBraceLength() != nil) {
            throw error("nothing to repeat")
        }
        return node
    }

    private mutating func expectCloseParen(openedAt start: Int) throws(PatternError) {
        guard peek == 0x29 else { throw PatternError("unterminated group", at: start) }
        index += 1
    }

    private mutating func parseAtom() throws(PatternError) -> PatternNode {
        guard let c = peek else { throw error("unexpected end of pattern") }
        switch c {
        case 0x2E:  // .
            index += 1
            return .dot
        case 0x5B:  // [
            return .set(try parseClass())
        case 0x5C:  // \
            return try parseAtomEscape()
        case 0x28:  // (
            return try parseGroup()
        case 0x2A, 0x2B, 0x3F:  // * + ?
            throw error("nothing to repeat")
        case 0x7B where quantifierBraceLength() != nil:
            throw error("nothing to repeat")
        default:
            index += 1
            return .scalar(c)
        }
    }

    private mutating func parseGroup() throws(PatternError) -> PatternNode {
        let start = index
        index += 1
        if peek == 0x3F {  // ?
            switch peek(1) {
            case 0x3A:  // (?:
                index += 2
                let inner = try parseDisjunction()
                try expectCloseParen(openedAt: start)
                return inner
            case 0x3C where peek(2) == 0x3D || peek(2) == 0x21:
                throw error("lookbehind is not supported")
            case 0x3C:  // (?<name>
                index += 2
                _ = try parseGroupName()
            default:
                throw error("invalid group")
            }
        }
        groupCount += 1
        let number = groupCount
        let inner = try parseDisjunction()
        try expectCloseParen(openedAt: start)
        return .capture(number, inner)
    }

    /// Reads `name>` after `(?<` or `\k<`.
    private mutating func parseGroupName() throws(PatternError) -> String {
        var name = ""
        while let c = peek, c != 0x3E {
            guard let scalar = Unicode.Scalar(c), scalar == "$" || scalar == "_" || scalar.properties.isAlphabetic
                || (!name.isEmpty && scalar.properties.numericType == .decimal)
            else { throw error("invalid group name") }
            name.unicodeScalars.append(scalar)
            index += 1
        }
        guard peek == 0x3E, !name.isEmpty else { throw error("invalid group name") }
        index += 1
        return name
    }

    // MARK: - Quantifiers

    private mutating func parseQuantifier(_ atom: PatternNode, atomStart: Int) throws(PatternError) -> PatternNode {
        guard let c = peek else { return atom }
        var min = 0
        var max: Int?
        switch c {
        case 0x2A: index += 1  // *
        case 0x2B:  // +
            index += 1
            min = 1
        case 0x3F:  // ?
            index += 1
            max = 1
        case 0x7B:  // {
            guard let length = quantifierBraceLength() else { return atom }
            let bounds = try braceBounds(length: length)
            index += length
            (min, max) = bounds
        default:
            return atom
        }
        var greedy = true
        if peek == 0x3F {
            index += 1
            greedy = false
        }
        if let c = peek, c == 0x2A || c == 0x2B || c == 0x3F || (c == 0x7B && quantifierBraceLength() != nil) {
            throw error("nothing to repeat")
        }
        return .quantified(atom, min: min, max: max, greedy: greedy)
    }

    /// The length of `{n}`, `{n,}` or `{n,m}` at the cursor, or nil when the brace is a literal.
    private func quantifierBraceLength() -> Int? {
        var offset = 1
        var digits = 0
        while let c = peek(offset), c >= 0x30, c <= 0x39 {
            offset += 1
            digits += 1
        }
        guard digits > 0 else { return nil }
        if peek(offset) == 0x2C {  // ,
            offset += 1
            while let c = peek(offset), c >= 0x30, c <= 0x39 { offset += 1 }
        }
        return peek(offset) == 0x7D ? offset + 1 : nil
    }

    private func braceBounds(length: Int) throws(PatternError) -> (Int, Int?) {
        let body = scalars[(index + 1)..<(index + length - 1)]
        let parts = body.split(separator: 0x2C, omittingEmptySubsequences: false)
        func number(_ digits: ArraySlice<UInt32>) throws(PatternError) -> Int {
            var value = 0
            for digit in digits {
                value = value * 10 + Int(digit - 0x30)
                guard value <= Self.maxRepeatCount else { throw error("repetition count too large") }
            }
            return value
        }
        let min = try number(parts[0])
        if parts.count == 1 { return (min, min) }
        if parts[1].isEmpty { return (min, nil) }
        let max = try number(parts[1])
        guard min <= max else { throw error("numbers out of order in quantifier") }
        return (min, max)
    }

    // MARK: - Escapes

    private mutating func parseAtomEscape() throws(PatternError) -> PatternNode {
        index += 1  // backslash
        guard let c = peek else { throw error("\\ at end of pattern") }
        if c >= 0x31, c <= 0x39 {  // backreference
            var number = 0
            while let d = peek, d >= 0x30, d <= 0x39 {
                number = number * 10 + Int(d - 0x30)
                index += 1
                guard number <= totalGroups else { throw error("backreference to a group that does not exist") }
            }
            return .backreference(number)
        }
        if c == 0x6B {  // \k<name>
            index += 1
            guard peek == 0x3C else { throw error("invalid named reference") }
            index += 1
            let name = try parseGroupName()
            guard let number = groupNames[name] else { throw error("reference to an unknown group name") }
            return .backreference(number)
        }
        switch try parseCharacterEscape(inClass: false) {
        case .scalar(let value): return .scalar(value)
        case .ranges(let ranges):
            var builder = PatternCharSet.Builder()
            builder.add(contentsOf: ranges)
            return .set(builder.build(negated: false))
        case .property(let property, let negated):
            var builder = PatternCharSet.Builder()
            builder.properties.append(property)
            return .set(builder.build(negated: negated))
        }
    }

    private enum Escape {
        case scalar(UInt32)
        case ranges([ClosedRange<UInt32>])
        case property(PatternUnicodeProperty, negated: Bool)
    }

    /// An escape after the backslash (already consumed), other than backreferences and `\b`/`\B`
    /// outside a class.
    private mutating func parseCharacterEscape(inClass: Bool) throws(PatternError) -> Escape {
        guard let c = peek else { throw error("\\ at end of pattern") }
        let start = index - 1
        index += 1
        switch c {
        case 0x64: return .ranges(PatternCharSet.digitRanges)  // d
        case 0x44: return .ranges(PatternCharSet.complement(PatternCharSet.digitRanges))  // D
        case 0x77: return .ranges(PatternCharSet.wordRanges)  // w
        case 0x57: return .ranges(PatternCharSet.complement(PatternCharSet.wordRanges))  // W
        case 0x73: return .ranges(PatternCharSet.spaceRanges)  // s
        case 0x53: return .ranges(PatternCharSet.complement(PatternCharSet.spaceRanges))  // S
        case 0x74: return .scalar(0x09)  // t
        case 0x6E: return .scalar(0x0A)  // n
        case 0x76: return .scalar(0x0B)  // v
        case 0x66: return .scalar(0x0C)  // f
        case 0x72: return .scalar(0x0D)  // r
        case 0x62 where inClass: return .scalar(0x08)  // [\b]
        case 0x2D where inClass: return .scalar(0x2D)  // [\-]
        case 0x63:  // cX
            guard let letter = peek, (0x41...0x5A).contains(letter) || (0x61...0x7A).contains(letter) else {
                throw PatternError("invalid control escape", at: start)
            }
            index += 1
            return .scalar(letter % 32)
        case 0x30:  // \0
            if let next = peek, next >= 0x30, next <= 0x39 { throw PatternError("octal escapes are not allowed", at: start) }
            return .scalar(0)
        case 0x78:  // xHH
            guard let value = hexDigits(count: 2) else { throw PatternError("invalid \\x escape", at: start) }
            return .scalar(value)
        case 0x75:  // uHHHH, u{H…}
            return .scalar(try parseUnicodeEscape(start: start))
        case 0x70, 0x50:  // p{…} P{…}
            guard peek == 0x7B else { throw PatternError("invalid property escape", at: start) }
            index += 1
            var name = ""
            while let n = peek, n != 0x7D, let scalar = Unicode.Scalar(n) {
                name.unicodeScalars.append(scalar)
                index += 1
            }
            guard peek == 0x7D else { throw PatternError("unterminated property escape", at: start) }
            index += 1
            guard let property = PatternUnicodeProperty.named(name) else {
                throw PatternError("unsupported Unicode property \"\(name.prefix(40))\"", at: start)
            }
            return .property(property, negated: c == 0x50)
        default:
            // Identity escapes: any ASCII punctuation (SyntaxCharacter and `/` in strict u-mode).
            if c < 0x80, !isASCIIAlphanumeric(c) { return .scalar(c) }
            throw PatternError("invalid escape", at: start)
        }
    }

    private func isASCIIAlphanumeric(_ c: UInt32) -> Bool {
        (0x30...0x39).contains(c) || (0x41...0x5A).contains(c) || (0x61...0x7A).contains(c)
    }

    private mutating func hexDigits(count: Int) -> UInt32? {
        var value: UInt32 = 0
        for offset in 0..<count {
            guard let c = peek(offset), let digit = Self.hexValue(c) else { return nil }
            value = value * 16 + digit
        }
        index += count
        return value
    }

    private static func hexValue(_ c: UInt32) -> UInt32? {
        switch c {
        case 0x30...0x39: return c - 0x30
        case 0x41...0x46: return c - 0x41 + 10
        case 0x61...0x66: return c - 0x61 + 10
        default: return nil
        }
    }

    private mutating func parseUnicodeEscape(start: Int) throws(PatternError) -> UInt32 {
        if peek == 0x7B {  // u{…}
            index += 1
            var value: UInt32 = 0
            var digits = 0
            while let c = peek, let digit = Self.hexValue(c) {
                value = value * 16 + digit
                digits += 1
                index += 1
                guard value <= 0x10FFFF else { throw PatternError("code point out of range", at: start) }
            }
            guard digits > 0, peek == 0x7D else { throw PatternError("invalid \\u{…} escape", at: start) }
            index += 1
            return value
        }
        guard let high = hexDigits(count: 4) else { throw PatternError("invalid \\u escape", at: start) }
        // A surrogate pair written as two escapes is one code point.
        if (0xD800...0xDBFF).contains(high), peek == 0x5C, peek(1) == 0x75 {
            let saved = index
            index += 2
            if let low = hexDigits(count: 4), (0xDC00...0xDFFF).contains(low) {
                return 0x10000 + ((high - 0xD800) << 10) + (low - 0xDC00)
            }
            index = saved
        }
        return high
    }

    // MARK: - Classes

    private mutating func parseClass() throws(PatternError) -> PatternCharSet {
        let start = index
        index += 1
        var negated = false
        if peek == 0x5E {
            negated = true
            index += 1
        }
        var builder = PatternCharSet.Builder()
        while true {
            guard let c = peek else { throw PatternError("unterminated character class", at: start) }
            if c == 0x5D {  // ]
                index += 1
                break
            }
            let low = try parseClassAtom(into: &builder)
            guard peek == 0x2D, let after = peek(1), after != 0x5D else {
                if let low { builder.add(low) }
                continue
            }
            // A range `a-b`; a class escape on either side makes `-` a literal (Annex B).
            index += 1
            let high = try parseClassAtom(into: &builder)
            switch (low, high) {
            case (let low?, let high?):
                guard low <= high else { throw error("range out of order in character class") }
                builder.add(low...high)
            case (let low?, nil):
                builder.add(low)
                builder.add(0x2D)
            case (nil, let high?):
                builder.add(0x2D)
                builder.add(high)
            case (nil, nil):
                builder.add(0x2D)
            }
        }
        return builder.build(negated: negated)
    }

    /// One class atom: returns its scalar, or adds a class escape (`\d`, `\p{…}`) to `builder` and
    /// returns nil.
    private mutating func parseClassAtom(into builder: inout PatternCharSet.Builder) throws(PatternError) -> UInt32? {
        guard let c = peek else { throw error("unterminated character class") }
        guard c == 0x5C else {
            index += 1
            return c
        }
        index += 1
        if let d = peek, d >= 0x31, d <= 0x39 { throw error("backreference in a character class") }
        switch try parseCharacterEscape(inClass: true) {
        case .scalar(let value): return value
        case .ranges(let ranges):
            builder.add(contentsOf: ranges)
            return nil
        case .property(let property, let negated):
            if negated { builder.negatedProperties.append(property) } else { builder.properties.append(property) }
            return nil
        }
    }

    // MARK: - Group pre-scan

    /// Counts capturing groups and records their names before parsing, so `\N` and `\k<name>` can
    /// refer forward.
    private static func scanGroups(_ scalars: [UInt32]) -> (Int, [String: Int]) {
        var count = 0
        var names: [String: Int] = [:]
        var index = 0
        var inClass = false
        while index < scalars.count {
            let c = scalars[index]
            if c == 0x5C {
                index += 2
                continue
            }
            if inClass {
                if c == 0x5D { inClass = false }
            } else if c == 0x5B {
                inClass = true
            } else if c == 0x28 {
                let next = index + 1 < scalars.count ? scalars[index + 1] : 0
                if next != 0x3F {
                    count += 1
                } else if index + 2 < scalars.count, scalars[index + 2] == 0x3C, index + 3 < scalars.count,
                    scalars[index + 3] != 0x3D, scalars[index + 3] != 0x21
                {
                    count += 1
                    var name = ""
                    var cursor = index + 3
                    while cursor < scalars.count, scalars[cursor] != 0x3E, let scalar = Unicode.Scalar(scalars[cursor]) {
                        name.unicodeScalars.append(scalar)
                        cursor += 1
                    }
                    if names[name] == nil { names[name] = count }
                }
            }
            index += 1
        }
        return (count, names)
    }
}
