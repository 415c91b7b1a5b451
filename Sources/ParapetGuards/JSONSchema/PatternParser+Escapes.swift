extension PatternParser {
    mutating func parseAtomEscape() throws(PatternError) -> PatternNode {
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

    enum Escape {
        case scalar(UInt32)
        case ranges([ClosedRange<UInt32>])
        case property(PatternUnicodeProperty, negated: Bool)
    }

    /// An escape after the backslash (already consumed), other than backreferences and `\b`/`\B`
    /// outside a class.
    mutating func parseCharacterEscape(inClass: Bool) throws(PatternError) -> Escape {
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
                throw PatternError("unsupported Unicode property \"\(name.prefix(40))\"", at: start, unsupported: true)
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
}
