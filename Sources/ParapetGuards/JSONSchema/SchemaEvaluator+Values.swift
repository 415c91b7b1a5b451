import ParapetCore

extension SchemaEvaluator {
    mutating func checkType(_ types: SchemaTypes, _ instance: JSON) -> Bool {
        let matches: Bool
        switch instance {
        case .null: matches = types.contains(.null)
        case .bool: matches = types.contains(.boolean)
        case .object: matches = types.contains(.object)
        case .array: matches = types.contains(.array)
        case .string: matches = types.contains(.string)
        case .number(let text):
            matches = types.contains(.number) || (types.contains(.integer) && Self.isInteger(text))
        }
        return matches || fail("type", "expected \(types.description), got \(SchemaMessages.typeName(instance))")
    }

    /// Integral number text: no fraction or exponent, or one that works out to an integer (`1.0`).
    @inline(__always)
    static func isInteger(_ text: String) -> Bool {
        let simple = text.utf8.allSatisfy { $0 != UInt8(ascii: ".") && $0 != UInt8(ascii: "e") && $0 != UInt8(ascii: "E") }
        return simple || SchemaNumber(text)?.isInteger == true
    }

    mutating func checkEnum(_ values: SchemaEnum, _ instance: JSON) -> Bool {
        if case .string(let text) = instance {
            if values.strings.contains(text) { return true }
        } else if values.others.contains(where: { SchemaEquality.equal(instance, $0) }) {
            return true
        }
        return fail("enum", "must be one of \(SchemaMessages.preview(.array(values.values), limit: 120))")
    }

    mutating func checkBound(_ index: Int, _ bound: SchemaBound, _ instance: JSON) -> Bool {
        guard case .number(let text) = instance else { return true }
        let limit = program.numbers[index]
        guard let value = SchemaNumber(text) else { return fail(bound.keyword, "invalid number \(SchemaMessages.clip(text, limit: 40))") }
        let order = value.compare(limit)
        let (holds, relation): (Bool, String)
        switch bound {
        case .minimum: (holds, relation) = (order >= 0, "≥")
        case .exclusiveMinimum: (holds, relation) = (order > 0, ">")
        case .maximum: (holds, relation) = (order <= 0, "≤")
        case .exclusiveMaximum: (holds, relation) = (order < 0, "<")
        }
        guard !holds else { return true }
        let expected = SchemaMessages.clip(limit.description, limit: 40)
        return fail(bound.keyword, "must be \(relation) \(expected), got \(SchemaMessages.clip(text, limit: 40))")
    }

    mutating func checkMultipleOf(_ index: Int, _ instance: JSON) -> Bool {
        guard case .number(let text) = instance else { return true }
        let divisor = program.numbers[index]
        guard let value = SchemaNumber(text) else { return fail("multipleOf", "invalid number \(SchemaMessages.clip(text, limit: 40))") }
        return value.isMultiple(of: divisor)
            || fail("multipleOf", "must be a multiple of \(divisor), got \(SchemaMessages.clip(text, limit: 40))")
    }

    mutating func checkPattern(_ index: Int, _ text: String) -> Bool {
        let pattern = program.patterns[index]
        switch pattern.test(text) {
        case .match: return true
        case .noMatch: return fail("pattern", "must match the pattern \(SchemaMessages.quoted(pattern.source))")
        case .budgetExceeded:
            return abort("pattern", "matching the pattern \(SchemaMessages.quoted(pattern.source)) exceeded its step budget")
        }
    }
}
