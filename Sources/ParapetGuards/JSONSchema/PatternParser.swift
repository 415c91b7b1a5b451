/// A recursive-descent parser for ECMA-262 patterns with the `u` flag, plus the Annex B leniency
/// that schemas in the wild rely on: a `{` that does not start a quantifier, `}` and `]` are
/// literals, and any ASCII punctuation may be escaped. Lookbehind, `Script=` properties and
/// unknown letter escapes are refused. Nesting is limited so recursion cannot exhaust the stack.
struct PatternParser {
    static let maxNesting = 64
    /// Larger counted repetitions are refused (they would expand into a huge program).
    static let maxRepeatCount = 10_000

    let scalars: [UInt32]
    var index = 0
    var nesting = 0
    var groupCount = 0
    let totalGroups: Int
    let groupNames: [String: Int]

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

    var peek: UInt32? { index < scalars.count ? scalars[index] : nil }

    func peek(_ offset: Int) -> UInt32? {
        index + offset < scalars.count ? scalars[index + offset] : nil
    }

    func error(_ message: String) -> PatternError { PatternError(message, at: index) }

    private mutating func parseDisjunction() throws(PatternError) -> PatternNode {
        nesting += 1
        defer { nesting -= 1 }
        guard nesting <= Self.maxNesting else { throw PatternError("pattern nested too deeply", at: index, unsupported: true) }
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
                throw PatternError("lookbehind is not supported", at: index, unsupported: true)
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
    mutating func parseGroupName() throws(PatternError) -> String {
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
                guard value <= Self.maxRepeatCount else { throw PatternError("repetition count too large", at: index, unsupported: true) }
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
