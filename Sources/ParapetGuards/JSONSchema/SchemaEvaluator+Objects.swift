import ParapetCore

extension SchemaEvaluator {
    /// `properties`, `patternProperties`, `additionalProperties` and `required` in one pass.
    mutating func checkObject(
        _ keywords: SchemaObjectKeywords, _ object: JSONObject, annotate: Bool, into annotations: inout SchemaAnnotations
    ) -> Bool {
        var valid = true
        var seen = SchemaAnnotations()
        if keywords.appliesSubschemas {
            for position in object.keys.indices {
                let key = object.keys[position]
                var matched = false
                if let property = keywords.names.index(of: key) {
                    matched = true
                    seen.insert(property)
                    let outcome = descend(
                        keywords.propertyNodes[property], object.values[position], segment: keywords.propertyPaths[property],
                        token: .key(key))
                    if !outcome.valid {
                        valid = false
                        if shouldStop { return false }
                    }
                }
                if !keywords.patterns.isEmpty, !checkPatternProperties(keywords, key, object.values[position], matched: &matched) {
                    valid = false
                    if shouldStop { return false }
                }
                if !matched, let additional = keywords.additional {
                    matched = true
                    if !checkExtra(additional, key: key, value: object.values[position], keyword: "additionalProperties") {
                        valid = false
                        if shouldStop { return false }
                    }
                }
                if annotate, matched { annotations.insert(position) }
            }
        }
        for required in keywords.required {
            let present =
                if let property = required.property, keywords.appliesSubschemas {
                    seen.contains(property)
                } else {
                    object.keys.contains { SchemaText.equal($0, required.name) }
                }
            if !present {
                valid = fail("required", "missing required property \(SchemaMessages.quoted(required.name))")
                if shouldStop { return false }
            }
        }
        return valid
    }

    private mutating func checkPatternProperties(
        _ keywords: SchemaObjectKeywords, _ key: String, _ value: JSON, matched: inout Bool
    ) -> Bool {
        var valid = true
        for entry in keywords.patterns {
            switch program.patterns[entry.pattern].test(key) {
            case .noMatch: continue
            case .match:
                matched = true
                if !descend(entry.node, value, segment: entry.path, token: .key(key)).valid {
                    valid = false
                    if shouldStop { return false }
                }
            case .budgetExceeded:
                return abort(
                    String(entry.path.dropFirst()), "matching the property name against the pattern exceeded its step budget",
                    token: .key(key))
            }
        }
        return valid
    }

    /// `additionalProperties`/`unevaluatedProperties` for one member, with a direct message for
    /// the common `false`.
    mutating func checkExtra(_ node: Int, key: String, value: JSON, keyword: String) -> Bool {
        if nodes[node].rejectsEverything {
            return fail(keyword, "property \(SchemaMessages.quoted(key)) is not allowed", token: .key(key))
        }
        return descend(node, value, segment: "/" + keyword, token: .key(key)).valid
    }

    mutating func checkPropertyNames(_ node: Int, _ object: JSONObject) -> Bool {
        var valid = true
        for key in object.keys where !quietly(node, .string(key), segment: "/propertyNames", token: .key(key)).valid {
            if aborted { return false }
            valid = fail("propertyNames", "property name \(SchemaMessages.quoted(key)) does not match propertyNames", token: .key(key))
            if shouldStop { return false }
        }
        return valid
    }

    mutating func checkDependentRequired(_ dependencies: SchemaDependencies, _ object: JSONObject) -> Bool {
        var valid = true
        for entry in dependencies.required where object.keys.contains(where: { SchemaText.equal($0, entry.name) }) {
            for name in entry.required where !object.keys.contains(where: { SchemaText.equal($0, name) }) {
                let message =
                    "property \(SchemaMessages.quoted(entry.name, limit: 40)) requires property \(SchemaMessages.quoted(name, limit: 40))"
                valid = fail(dependencies.keyword, message)
                if shouldStop { return false }
            }
        }
        return valid
    }

    mutating func checkDependentSchemas(
        _ dependencies: SchemaDependencies, _ object: JSONObject, _ instance: JSON, annotate: Bool,
        into annotations: inout SchemaAnnotations
    ) -> Bool {
        var valid = true
        for entry in dependencies.schemas where object.keys.contains(where: { SchemaText.equal($0, entry.name) }) {
            let outcome = descend(
                entry.node, instance, segment: "/" + dependencies.keyword + "/" + SchemaText.escapeToken(entry.name), annotate: annotate)
            if !apply(outcome, into: &annotations) {
                valid = false
                if shouldStop { return false }
            }
        }
        return valid
    }

    mutating func checkUnevaluatedProperties(_ node: Int, _ object: JSONObject, into annotations: inout SchemaAnnotations) -> Bool {
        var valid = true
        for position in object.keys.indices where !annotations.contains(position) {
            if !checkExtra(node, key: object.keys[position], value: object.values[position], keyword: "unevaluatedProperties") {
                valid = false
                if shouldStop { return false }
            }
        }
        annotations.all = true
        return valid
    }
}
