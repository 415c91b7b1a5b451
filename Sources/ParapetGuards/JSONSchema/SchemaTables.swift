import ParapetCore

/// `enum`: strings in a hash table, everything else compared one by one.
final class SchemaEnum: Sendable {
    let values: [JSON]
    let strings: SchemaNameTable
    let others: [JSON]

    init(_ values: [JSON]) {
        self.values = values
        strings = SchemaNameTable(values.compactMap(\.stringValue))
        others = values.filter { $0.stringValue == nil }
    }
}

/// `properties`, `patternProperties`, `additionalProperties` and `required` of one schema.
final class SchemaObjectKeywords: Sendable {
    let names: SchemaNameTable
    /// Per property (same order as `names`): its node and `/properties/<escaped name>`.
    let propertyNodes: [Int]
    let propertyPaths: [String]
    /// Per pattern property: the pattern index, its node and `/patternProperties/<escaped>`.
    let patterns: [(pattern: Int, node: Int, path: String)]
    let additional: Int?
    /// Required names with the index of the property of the same name, if any.
    let required: [(name: String, property: Int?)]

    init(
        properties: [(name: String, node: Int)], patterns: [(pattern: Int, node: Int, path: String)], additional: Int?,
        required: [String]
    ) {
        names = SchemaNameTable(properties.map(\.name))
        propertyNodes = properties.map(\.node)
        propertyPaths = properties.map { "/properties/" + SchemaText.escapeToken($0.name) }
        self.patterns = patterns
        self.additional = additional
        let names = self.names
        self.required = required.map { ($0, names.index(of: $0)) }
    }

    var appliesSubschemas: Bool { !propertyNodes.isEmpty || !patterns.isEmpty || additional != nil }
}

/// `dependentRequired` / `dependentSchemas`, or the two halves of draft-07 `dependencies`.
final class SchemaDependencies: Sendable {
    /// `dependentRequired`, `dependentSchemas` or `dependencies`.
    let keyword: String
    let required: [(name: String, required: [String])]
    let schemas: [(name: String, node: Int)]

    init(keyword: String, required: [(name: String, required: [String])] = [], schemas: [(name: String, node: Int)] = []) {
        self.keyword = keyword
        self.required = required
        self.schemas = schemas
    }
}
