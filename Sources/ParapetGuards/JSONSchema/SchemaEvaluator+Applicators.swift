import ParapetCore

extension SchemaEvaluator {
    mutating func checkAllOf(_ range: Range<Int>, _ instance: JSON, annotate: Bool, into annotations: inout SchemaAnnotations) -> Bool {
        var valid = true
        for position in range {
            let outcome = descend(lists[position], instance, segment: "/allOf/" + String(position - range.lowerBound), annotate: annotate)
            if !apply(outcome, into: &annotations) {
                valid = false
                if shouldStop { return false }
            }
        }
        return valid
    }

    /// Every branch runs when annotations are needed (all valid branches contribute).
    mutating func checkAnyOf(_ range: Range<Int>, _ instance: JSON, annotate: Bool, into annotations: inout SchemaAnnotations) -> Bool {
        var matched = false
        for position in range {
            let outcome = quietly(lists[position], instance, segment: "/anyOf/" + String(position - range.lowerBound), annotate: annotate)
            if aborted { return false }
            guard outcome.valid else { continue }
            matched = true
            guard annotate else { break }
            annotations.formUnion(outcome.annotations)
        }
        return matched || fail("anyOf", "must match at least one of the \(range.count) schemas in \"anyOf\"")
    }

    mutating func checkOneOf(_ range: Range<Int>, _ instance: JSON, annotate: Bool, into annotations: inout SchemaAnnotations) -> Bool {
        var first: (position: Int, annotations: SchemaAnnotations)?
        for index in range {
            let position = index - range.lowerBound
            let outcome = quietly(lists[index], instance, segment: "/oneOf/" + String(position), annotate: annotate)
            if aborted { return false }
            guard outcome.valid else { continue }
            if let first {
                return fail("oneOf", "must match exactly one schema in \"oneOf\", but matches \(first.position) and \(position)")
            }
            first = (position, outcome.annotations)
        }
        guard let first else { return fail("oneOf", "must match exactly one of the \(range.count) schemas in \"oneOf\", matches none") }
        annotations.formUnion(first.annotations)
        return true
    }

    mutating func checkConditional(
        _ condition: Int, _ then: Int?, _ otherwise: Int?, _ instance: JSON, annotate: Bool, into annotations: inout SchemaAnnotations
    ) -> Bool {
        if !annotate, then == nil, otherwise == nil { return true }
        let test = quietly(condition, instance, segment: "/if", annotate: annotate)
        if aborted { return false }
        if test.valid {
            annotations.formUnion(test.annotations)
            guard let then else { return true }
            return apply(descend(then, instance, segment: "/then", annotate: annotate), into: &annotations)
        }
        guard let otherwise else { return true }
        return apply(descend(otherwise, instance, segment: "/else", annotate: annotate), into: &annotations)
    }
}
