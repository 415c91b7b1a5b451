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
        if dialect.applicator {
            try applicatorKeywords(object, at: location, draft7: draft7, validation: dialect.validation, into: &result)
        }
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
        if let value = object["const"] {
            program.constants.append(value)
            result.append(.constant(program.constants.count - 1))
        }
        if let value = object["enum"] {
            guard case .array(let values) = value else { throw error(.invalidSchema, location.appending("enum"), "must be an array") }
            program.enums.append(SchemaEnum(values))
            result.append(.enumeration(program.enums.count - 1))
        }
        for bound in [SchemaBound.minimum, .exclusiveMinimum, .maximum, .exclusiveMaximum] {
            if let value = object[bound.keyword] {
                program.numbers.append(try number(value, at: location.appending(bound.keyword)))
                result.append(.bound(program.numbers.count - 1, bound))
            }
        }
        if let value = object["multipleOf"] {
            let divisor = try number(value, at: location.appending("multipleOf"))
            guard divisor.compare(SchemaNumber(0)) > 0 else {
                throw error(.invalidSchema, location.appending("multipleOf"), "must be greater than 0")
            }
            program.numbers.append(divisor)
            result.append(.multipleOf(program.numbers.count - 1))
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
            var entries: [(name: String, required: [String])] = []
            for (name, value) in members {
                entries.append((name, try strings(value, at: location.appending("dependentRequired").appending(name))))
            }
            program.dependencies.append(SchemaDependencies(keyword: "dependentRequired", required: entries))
            result.append(.dependentRequired(program.dependencies.count - 1))
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
        var properties: [(name: String, node: Int)] = []
        var patterns: [(pattern: Int, node: Int, path: String)] = []
        var additional: Int?
        var required: [String] = []
        if applicator {
            if let value = object["properties"] {
                guard case .object(let members) = value else {
                    throw error(.invalidSchema, location.appending("properties"), "must be an object")
                }
                for (name, schema) in members {
                    properties.append((name, try subschema(schema, at: location.appending("properties").appending(name))))
                }
            }
            if let value = object["patternProperties"] {
                guard case .object(let members) = value else {
                    throw error(.invalidSchema, location.appending("patternProperties"), "must be an object")
                }
                for (source, schema) in members {
                    let at = location.appending("patternProperties").appending(source)
                    let path = "/patternProperties/" + SchemaText.escapeToken(source)
                    patterns.append((try pattern(source, at: at), try subschema(schema, at: at), path))
                }
            }
            if let value = object["additionalProperties"] {
                additional = try subschema(value, at: location.appending("additionalProperties"))
            }
        }
        if validation, let value = object["required"] { required = try strings(value, at: location.appending("required")) }
        if !properties.isEmpty || !patterns.isEmpty || additional != nil || !required.isEmpty {
            program.objects.append(
                SchemaObjectKeywords(properties: properties, patterns: patterns, additional: additional, required: required))
            result.append(.object(program.objects.count - 1))
        }
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
            var entries: [(name: String, node: Int)] = []
            for (name, schema) in members {
                entries.append((name, try subschema(schema, at: location.appending("dependentSchemas").appending(name))))
            }
            program.dependencies.append(SchemaDependencies(keyword: "dependentSchemas", schemas: entries))
            result.append(.dependentSchemas(program.dependencies.count - 1))
        }
        guard let value = object["dependencies"] else { return }
        guard case .object(let members) = value else {
            throw error(.invalidSchema, location.appending("dependencies"), "must be an object")
        }
        var required: [(name: String, required: [String])] = []
        var schemas: [(name: String, node: Int)] = []
        for (name, member) in members {
            let at = location.appending("dependencies").appending(name)
            if case .array = member {
                required.append((name, try strings(member, at: at)))
            } else {
                schemas.append((name, try subschema(member, at: at)))
            }
        }
        if dialect.validation, !required.isEmpty {
            program.dependencies.append(SchemaDependencies(keyword: "dependencies", required: required))
            result.append(.dependentRequired(program.dependencies.count - 1))
        }
        if dialect.applicator, !schemas.isEmpty {
            program.dependencies.append(SchemaDependencies(keyword: "dependencies", schemas: schemas))
            result.append(.dependentSchemas(program.dependencies.count - 1))
        }
    }

    // MARK: - Applicators

    private mutating func applicatorKeywords(
        _ object: JSONObject, at location: SchemaLocation, draft7: Bool, validation: Bool, into result: inout [SchemaKeyword]
    ) throws(JSONSchemaError) {
        if draft7 {
            if let value = object["items"] {
                if case .array(let elements) = value {
                    var prefix: [Int] = []
                    for index in elements.indices {
                        prefix.append(try subschema(elements[index], at: location.appending("items").appending(index)))
                    }
                    let rest = try object["additionalItems"].map { value throws(JSONSchemaError) in
                        try subschema(value, at: location.appending("additionalItems"))
                    }
                    result.append(.items(SchemaItems(prefix: list(prefix), rest: rest, legacyArray: true)))
                } else {
                    let rest = try subschema(value, at: location.appending("items"))
                    result.append(.items(SchemaItems(prefix: 0..<0, rest: rest, legacyArray: false)))
                }
            }
        } else if object["prefixItems"] != nil || object["items"] != nil {
            var prefix: Range<Int> = 0..<0
            if let value = object["prefixItems"] { prefix = list(try subschemas(value, at: location.appending("prefixItems"))) }
            let rest = try object["items"].map { value throws(JSONSchemaError) in try subschema(value, at: location.appending("items")) }
            result.append(.items(SchemaItems(prefix: prefix, rest: rest, legacyArray: false)))
        }
        if let value = object["contains"] {
            var contains = SchemaContains(node: try subschema(value, at: location.appending("contains")), min: 1, max: nil)
            if validation, !draft7 {
                if let min = object["minContains"] { contains.min = try count(min, at: location.appending("minContains")) }
                if let max = object["maxContains"] { contains.max = try count(max, at: location.appending("maxContains")) }
            }
            result.append(.contains(contains))
        }
        if let value = object["allOf"] { result.append(.allOf(list(try subschemas(value, at: location.appending("allOf"))))) }
        if let value = object["anyOf"] { result.append(.anyOf(list(try subschemas(value, at: location.appending("anyOf"))))) }
        if let value = object["oneOf"] { result.append(.oneOf(list(try subschemas(value, at: location.appending("oneOf"))))) }
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
