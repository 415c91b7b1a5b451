extension PatternParser {
    mutating func parseClass() throws(PatternError) -> PatternCharSet {
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
}
