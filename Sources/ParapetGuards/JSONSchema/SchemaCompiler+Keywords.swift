import ParapetCore

extension SchemaCompiler {
    /// The keywords of one schema object, in evaluation order, for its dialect.
    mutating func keywords(
        _ object: JSONObject, at location: SchemaLocation, lexical: SchemaRegistry.Lexical
    ) throws(JSONSchemaError) -> [SchemaKeyword] {
        let dialect = lexical.dialect
        let draft7 = dialect.draft == .draft7
        if draft7, let ref = object["$ref"] {
            // Draft-07: `$ref` replaces every sibling keyword.
            return [.ref(try reference(ref, keyword: "$ref", at: location, lexical: lexical).node)]
        }
        var result: [SchemaKeyword] = []
        if dialect.validation { try validationKeywords(object, at: location, draft7: draft7, into: &result) }
        if let ref = object["$ref"] { result.append(.ref(try reference(ref, keyword: "$ref", at: location, lexical: lexical).node)) }
        if !draft7, let ref = object["$dynamicRef"] { result.append(try dynamicReference(ref, at: location, lexical: lexical)) }
        if dialect.applicator || dialect.validation {
            try objectKeywords(object, at: location, applicator: dialect.applicator, validation: dialect.validation, into: &result)
            try dependencies(object, at: location, dialect: dialect, into: &result)
        }
        if dialect.applicator { try applicatorKeywords(object, at: location, draft7: draft7, validation: dialect.validation, into: &result) }
        if dialect.unevaluated {
            if let value = object["unevaluatedItems"] {
                result.append(.unevaluatedItems(try subschema(value, at: location.appending("unevaluatedItems"))))
            }
            if let value = object["unevaluatedProperties"] {
                result.append(.unevaluatedProperties(try subschema(value, at: location.appending("unevaluatedProperties"))))
            }
        }
        return result
    }

    /// The node of an inline subschema.
    mutating func subschema(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> Int {
        switch value {
        case .object, .bool: return node(for: location)
        default: throw error(.invalidSchema, location, "a schema must be an object or a boolean")
        }
    }

    private mutating func subschemas(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> [Int] {
        guard case .array(let elements) = value, !elements.isEmpty else {
            throw error(.invalidSchema, location, "must be a non-empty array of schemas")
        }
        var nodes: [Int] = []
        for (index, element) in elements.enumerated() { nodes.append(try subschema(element, at: location.appending(index))) }
        return nodes
    }

    private func count(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> Int {
        guard case .number(let text) = value, let number = SchemaNumber(text), number.isInteger, number.compare(SchemaNumber(0)) >= 0
        else { throw error(.invalidSchema, location, "must be a non-negative integer") }
        return number.intValue ?? Int.max
    }

    private func number(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> SchemaNumber {
        guard case .number(let text) = value, let number = SchemaNumber(text) else {
            throw error(.invalidSchema, location, "must be a number")
        }
        return number
    }

    private func strings(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> [String] {
        guard case .array(let elements) = value else { throw error(.invalidSchema, location, "must be an array of strings") }
        var names: [String] = []
        for element in elements {
            guard let name = element.stringValue else { throw error(.invalidSchema, location, "must be an array of strings") }
            names.append(name)
        }
        return names
    }

    // MARK: - Validation vocabulary

    private mutating func validationKeywords(
        _ object: JSONObject, at location: SchemaLocation, draft7: Bool, into result: inout [SchemaKeyword]
    ) throws(JSONSchemaError) {
        if let value = object["type"] { result.append(.type(try types(value, at: location.appending("type")))) }
        if let value = object["const"] { result.append(.constant(value)) }
        if let value = object["enum"] {
            guard case .array(let values) = value else { throw error(.invalidSchema, location.appending("enum"), "must be an array") }
            var strings: Set<ExactString> = []
            var others: [JSON] = []
            for value in values {
                if case .string(let text) = value { strings.insert(ExactString(text)) } else { others.append(value) }
            }
            result.append(.enumeration(SchemaEnum(values: values, strings: strings, others: others)))
        }
        for bound in [SchemaBound.minimum, .exclusiveMinimum, .maximum, .exclusiveMaximum] {
            if let value = object[bound.keyword] {
                result.append(.bound(try number(value, at: location.appending(bound.keyword)), bound))
            }
        }
        if let value = object["multipleOf"] {
            let divisor = try number(value, at: location.appending("multipleOf"))
            guard divisor.compare(SchemaNumber(0)) > 0 else {
                throw error(.invalidSchema, location.appending("multipleOf"), "must be greater than 0")
            }
            result.append(.multipleOf(divisor))
        }
        if let value = object["minLength"] { result.append(.minLength(try count(value, at: location.appending("minLength")))) }
        if let value = object["maxLength"] { result.append(.maxLength(try count(value, at: location.appending("maxLength")))) }
        if let value = object["pattern"] {
            guard let source = value.stringValue else { throw error(.invalidSchema, location.appending("pattern"), "must be a string") }
            result.append(.pattern(try pattern(source, at: location.appending("pattern"))))
        }
        if let value = object["minItems"] { result.append(.minItems(try count(value, at: location.appending("minItems")))) }
        if let value = object["maxItems"] { result.append(.maxItems(try count(value, at: location.appending("maxItems")))) }
        if let value = object["uniqueItems"] {
            guard let unique = value.boolValue else { throw error(.invalidSchema, location.appending("uniqueItems"), "must be a boolean") }
            if unique { result.append(.uniqueItems) }
        }
        if let value = object["minProperties"] {
            result.append(.minProperties(try count(value, at: location.appending("minProperties"))))
        }
        if let value = object["maxProperties"] {
            result.append(.maxProperties(try count(value, at: location.appending("maxProperties"))))
        }
        if !draft7, case .object(let members)? = object["dependentRequired"] {
            var entries: [SchemaDependentRequired] = []
            for (name, value) in members {
                entries.append(SchemaDependentRequired(name: name, required: try strings(value, at: location.appending("dependentRequired").appending(name))))
            }
            result.append(.dependentRequired(entries, keyword: "dependentRequired"))
        } else if !draft7, object["dependentRequired"] != nil {
            throw error(.invalidSchema, location.appending("dependentRequired"), "must be an object")
        }
    }

    private func types(_ value: JSON, at location: SchemaLocation) throws(JSONSchemaError) -> SchemaTypes {
        func one(_ name: String) throws(JSONSchemaError) -> SchemaTypes {
            guard let type = SchemaTypes.names.first(where: { $0.0 == name })?.1 else {
                throw error(.invalidSchema, location, "unknown type \"\(name.prefix(40))\"")
            }
            return type
        }
        switch value {
        case .string(let name): return try one(name)
        case .array(let names):
            var types: SchemaTypes = []
            for name in names {
                guard let name = name.stringValue else { throw error(.invalidSchema, location, "must be a type name or an array of them") }
                types.insert(try one(name))
            }
            return types
        default:
            throw error(.invalidSchema, location, "must be a type name or an array of them")
        }
    }

    // MARK: - Objects

    private mutating func objectKeywords(
        _ object: JSONObject, at location: SchemaLocation, applicator: Bool, validation: Bool, into result: inout [SchemaKeyword]
    ) throws(JSONSchemaError) {
        var keywords = SchemaObjectKeywords()
        if applicator {
            if let value = object["properties"] {
                guard case .object(let members) = value else { throw error(.invalidSchema, location.appending("properties"), "must be an object") }
                for (name, schema) in members {
                    let node = try subschema(schema, at: location.appending("properties").appending(name))
                    keywords.properties.append(SchemaProperty(name: name, node: node, path: "/properties/" + SchemaText.escapeToken(name)))
                }
                if keywords.properties.count > 8 {
                    var lookup: [ExactString: Int] = [:]
                    for (index, property) in keywords.properties.enumerated() { lookup[ExactString(property.name)] = index }
                    keywords.lookup = lookup
                }
            }
            if let value = object["patternProperties"] {
                guard case .object(let members) = value else {
                    throw error(.invalidSchema, location.appending("patternProperties"), "must be an object")
                }
                for (source, schema) in members {
                    let at = location.appending("patternProperties").appending(source)
                    keywords.patterns.append(
                        SchemaPatternProperty(
                            pattern: try pattern(source, at: at), node: try subschema(schema, at: at),
                            path: "/patternProperties/" + SchemaText.escapeToken(source)))
                }
            }
            if let value = object["additionalProperties"] {
                keywords.additional = try subschema(value, at: location.appending("additionalProperties"))
            }
        }
        if validation, let value = object["required"] {
            for name in try strings(value, at: location.appending("required")) {
                let property = keywords.properties.firstIndex { SchemaText.equal($0.name, name) }
                keywords.required.append(SchemaRequired(name: name, property: property))
            }
        }
        if keywords.appliesSubschemas || !keywords.required.isEmpty { result.append(.object(keywords)) }
        if applicator, let value = object["propertyNames"] {
            result.append(.propertyNames(try subschema(value, at: location.appending("propertyNames"))))
        }
    }

    /// `dependentSchemas` (2020-12) and `dependencies` (draft-07, and accepted in 2020-12 for
    /// compatibility: arrays are `dependentRequired`, schemas `dependentSchemas`).
    private mutating func dependencies(
        _ object: JSONObject, at location: SchemaLocation, dialect: SchemaDialect, into result: inout [SchemaKeyword]
    ) throws(JSONSchemaError) {
        if dialect.applicator, dialect.draft == .draft2020_12, let value = object["dependentSchemas"] {
            guard case .object(let members) = value else {
                throw error(.invalidSchema, location.appending("dependentSchemas"), "must be an object")
            }
            var entries: [SchemaDependentSchema] = []
            for (name, schema) in members {
                entries.append(SchemaDependentSchema(name: name, node: try subschema(schema, at: location.appending("dependentSchemas").appending(name))))
            }
            result.append(.dependentSchemas(entries, keyword: "dependentSchemas"))
        }
        guard let value = object["dependencies"] else { return }
        guard case .object(let members) = value else { throw error(.invalidSchema, location.appending("dependencies"), "must be an object") }
        var required: [SchemaDependentRequired] = []
        var schemas: [SchemaDependentSchema] = []
        for (name, member) in members {
            let at = location.appending("dependencies").appending(name)
            if case .array = member {
                required.append(SchemaDependentRequired(name: name, required: try strings(member, at: at)))
            } else {
                schemas.append(SchemaDependentSchema(name: name, node: try subschema(member, at: at)))
            }
        }
        if dialect.validation, !required.isEmpty { result.append(.dependentRequired(required, keyword: "dependencies")) }
        if dialect.applicator, !schemas.isEmpty { result.append(.dependentSchemas(schemas, keyword: "dependencies")) }
    }

    // MARK: - Applicators

    private mutating func applicatorKeywords(
        _ object: JSONObject, at location: SchemaLocation, draft7: Bool, validation: Bool, into result: inout [SchemaKeyword]
    ) throws(JSONSchemaError) {
        if draft7 {
            if let value = object["items"] {
                var items = SchemaItems(prefixKeyword: "items", restKeyword: "additionalItems")
                if case .array(let elements) = value {
                    for index in elements.indices {
                        items.prefix.append(try subschema(elements[index], at: location.appending("items").appending(index)))
                    }
                    if let additional = object["additionalItems"] {
                        items.rest = try subschema(additional, at: location.appending("additionalItems"))
                    }
                } else {
                    items.rest = try subschema(value, at: location.appending("items"))
                    items.restKeyword = "items"
                }
                result.append(.items(items))
            }
        } else if object["prefixItems"] != nil || object["items"] != nil {
            var items = SchemaItems(prefixKeyword: "prefixItems", restKeyword: "items")
            if let value = object["prefixItems"] { items.prefix = try subschemas(value, at: location.appending("prefixItems")) }
            if let value = object["items"] { items.rest = try subschema(value, at: location.appending("items")) }
            result.append(.items(items))
        }
        if let value = object["contains"] {
            var contains = SchemaContains(node: try subschema(value, at: location.appending("contains")), min: 1, max: nil)
            if validation, !draft7 {
                if let min = object["minContains"] { contains.min = try count(min, at: location.appending("minContains")) }
                if let max = object["maxContains"] { contains.max = try count(max, at: location.appending("maxContains")) }
            }
            result.append(.contains(contains))
        }
        if let value = object["allOf"] { result.append(.allOf(try subschemas(value, at: location.appending("allOf")))) }
        if let value = object["anyOf"] { result.append(.anyOf(try subschemas(value, at: location.appending("anyOf")))) }
        if let value = object["oneOf"] { result.append(.oneOf(try subschemas(value, at: location.appending("oneOf")))) }
        if let value = object["not"] { result.append(.not(try subschema(value, at: location.appending("not")))) }
        if let value = object["if"] {
            let condition = try subschema(value, at: location.appending("if"))
            let then = try object["then"].map { value throws(JSONSchemaError) in try subschema(value, at: location.appending("then")) }
            let otherwise = try object["else"].map { value throws(JSONSchemaError) in try subschema(value, at: location.appending("else")) }
            // Kept without `then`/`else` too: its annotations count for `unevaluated*`.
            result.append(.conditional(if: condition, then: then, else: otherwise))
        }
    }
}
