import ParapetCore

/// A compiled schema: one node per subschema reached from the root (references are node
/// indices, so cycles are just back edges), the compiled patterns, and for each schema resource
/// the dynamic anchors `$dynamicRef` may jump to.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode]
    var patterns: [Pattern]
    /// Per resource index: (interned anchor name, node).
    var dynamicAnchors: [[(name: Int, node: Int)]]
    /// Whether any `$dynamicRef` needs the dynamic scope at run time.
    var usesDynamicScope: Bool
    var root: Int
}

/// One subschema: its keywords in evaluation order (`unevaluated*` last).
struct SchemaNode: Sendable {
    var keywords: [SchemaKeyword] = []
    /// The schema resource the subschema belongs to (for the dynamic scope).
    var resource = 0
    /// Whether a keyword needs the annotations of its siblings (`unevaluated*`).
    var collectsAnnotations = false
}

/// Every keyword the validator evaluates; anything else in a schema is an annotation.
enum SchemaKeyword: Sendable {
    /// The `false` schema.
    case never
    case type(SchemaTypes)
    case constant(JSON)
    case enumeration(SchemaEnum)
    case bound(SchemaNumber, SchemaBound)
    case multipleOf(SchemaNumber)
    case minLength(Int)
    case maxLength(Int)
    /// An index into `SchemaProgram.patterns`.
    case pattern(Int)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minProperties(Int)
    case maxProperties(Int)
    /// `properties`, `patternProperties`, `additionalProperties` and `required` together, so one
    /// pass over the instance's members serves all four.
    case object(SchemaObjectKeywords)
    case propertyNames(Int)
    case dependentRequired([SchemaDependentRequired], keyword: String)
    case dependentSchemas([SchemaDependentSchema], keyword: String)
    case items(SchemaItems)
    case contains(SchemaContains)
    case allOf([Int])
    case anyOf([Int])
    case oneOf([Int])
    case not(Int)
    case conditional(if: Int, then: Int?, else: Int?)
    case ref(Int)
    /// The statically resolved target, and the interned anchor name when the target is a
    /// `$dynamicAnchor` of that name (otherwise it behaves like `$ref`).
    case dynamicRef(Int, anchor: Int?)
    case unevaluatedProperties(Int)
    case unevaluatedItems(Int)
}

/// JSON Schema's seven type names as bits.
struct SchemaTypes: OptionSet, Sendable {
    let rawValue: UInt8
    static let null = SchemaTypes(rawValue: 1)
    static let boolean = SchemaTypes(rawValue: 2)
    static let object = SchemaTypes(rawValue: 4)
    static let array = SchemaTypes(rawValue: 8)
    static let number = SchemaTypes(rawValue: 16)
    static let string = SchemaTypes(rawValue: 32)
    static let integer = SchemaTypes(rawValue: 64)

    static let names: [(String, SchemaTypes)] = [
        ("null", .null), ("boolean", .boolean), ("object", .object), ("array", .array), ("number", .number),
        ("string", .string), ("integer", .integer),
    ]

    /// `integer`, `string or null`.
    var description: String {
        Self.names.filter { contains($0.1) }.map(\.0).joined(separator: " or ")
    }
}

enum SchemaBound: Sendable {
    case minimum, exclusiveMinimum, maximum, exclusiveMaximum

    var keyword: String {
        switch self {
        case .minimum: return "minimum"
        case .exclusiveMinimum: return "exclusiveMinimum"
        case .maximum: return "maximum"
        case .exclusiveMaximum: return "exclusiveMaximum"
        }
    }
}

/// `enum`: strings in a hash set, everything else compared one by one.
struct SchemaEnum: Sendable {
    var values: [JSON]
    var strings: Set<ExactString>
    var others: [JSON]
}

struct SchemaProperty: Sendable {
    var name: String
    var node: Int
    /// `/properties/<escaped name>`.
    var path: String
}

struct SchemaPatternProperty: Sendable {
    var pattern: Int
    var node: Int
    var path: String
}

struct SchemaRequired: Sendable {
    var name: String
    /// The index in `properties` of the same name, so presence is known from the member pass.
    var property: Int?
}

struct SchemaObjectKeywords: Sendable {
    var properties: [SchemaProperty] = []
    /// Built for larger `properties` tables; smaller ones are scanned.
    var lookup: [ExactString: Int]?
    var patterns: [SchemaPatternProperty] = []
    var additional: Int?
    var required: [SchemaRequired] = []

    var appliesSubschemas: Bool { !properties.isEmpty || !patterns.isEmpty || additional != nil }
}

struct SchemaDependentRequired: Sendable {
    var name: String
    var required: [String]
}

struct SchemaDependentSchema: Sendable {
    var name: String
    var node: Int
}

/// `prefixItems`/`items` (2020-12) or `items`/`additionalItems` (draft-07).
struct SchemaItems: Sendable {
    var prefix: [Int] = []
    var rest: Int?
    /// `prefixItems` or `items`.
    var prefixKeyword: String
    /// `items` or `additionalItems`.
    var restKeyword: String
}

struct SchemaContains: Sendable {
    var node: Int
    var min: Int
    var max: Int?
}
