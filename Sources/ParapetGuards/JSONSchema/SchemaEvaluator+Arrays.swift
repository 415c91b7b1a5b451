import ParapetCore

extension SchemaEvaluator {
    /// `prefixItems` + `items` (2020-12) or `items` + `additionalItems` (draft-07).
    mutating func checkItems(_ items: SchemaItems, _ elements: [JSON], annotate: Bool, into annotations: inout SchemaAnnotations) -> Bool {
        var valid = true
        for position in elements.indices {
            let outcome: Outcome
            if position < items.prefix.count {
                outcome = descend(
                    lists[items.prefix.lowerBound + position], elements[position],
                    segment: "/" + items.prefixKeyword + "/" + String(position), token: .index(position))
            } else if let rest = items.rest {
                outcome = descend(rest, elements[position], segment: "/" + items.restKeyword, token: .index(position))
            } else {
                break
            }
            if !outcome.valid {
                valid = false
                if shouldStop { return false }
            }
        }
        if annotate {
            if items.rest != nil { annotations.all = true } else { annotations.insert(upTo: min(items.prefix.count, elements.count)) }
        }
        return valid
    }

    mutating func checkContains(
        _ contains: SchemaContains, _ elements: [JSON], annotate: Bool, into annotations: inout SchemaAnnotations
    ) -> Bool {
        var matches = 0
        for position in elements.indices {
            guard quietly(contains.node, elements[position], segment: "/contains", token: .index(position)).valid else {
                if aborted { return false }
                continue
            }
            matches += 1
            if annotate {
                annotations.insert(position)
            } else if contains.max == nil, matches >= contains.min {
                break
            } else if let max = contains.max, matches > max {
                break
            }
        }
        if matches < contains.min {
            return fail(
                contains.min == 1 ? "contains" : "minContains",
                "must contain at least \(contains.min) item\(contains.min == 1 ? "" : "s") matching \"contains\", found \(matches)")
        }
        if let max = contains.max, matches > max {
            return fail("maxContains", "must contain at most \(max) item\(max == 1 ? "" : "s") matching \"contains\", found \(matches)")
        }
        return true
    }

    mutating func checkUnevaluatedItems(_ node: Int, _ elements: [JSON], into annotations: inout SchemaAnnotations) -> Bool {
        var valid = true
        for position in elements.indices where !annotations.contains(position) {
            let outcome: Outcome
            if nodes[node].rejectsEverything {
                _ = fail("unevaluatedItems", "item \(position) is not allowed", token: .index(position))
                outcome = Outcome(valid: false)
            } else {
                outcome = descend(node, elements[position], segment: "/unevaluatedItems", token: .index(position))
            }
            if !outcome.valid {
                valid = false
                if shouldStop { return false }
            }
        }
        annotations.all = true
        return valid
    }
}
