import ParapetCore

/// A compiled schema as flat tables. Nodes (one per subschema reached from the root) own a range
/// of `keywords`; keywords are trivially copyable and refer to the side tables by index, so
/// evaluation copies no reference-counted values per keyword. References are node indices, so
/// cycles are just back edges.
struct SchemaProgram: Sendable {
    var nodes: [SchemaNode] = []
    var keywords: [SchemaKeyword] = []
    /// Node lists (`allOf`, `anyOf`, `oneOf`, `prefixItems`), as ranges into this array.
    var lists: [Int] = []
    var constants: [JSON] = []
    var numbers: [SchemaNumber] = []
    var enums: [SchemaEnum] = []
    var objects: [SchemaObjectKeywords] = []
    var dependencies: [SchemaDependencies] = []
    var patterns: [Pattern] = []
    /// Per resource index: (interned anchor name, node).
    var dynamicAnchors: [[(name: Int, node: Int)]] = []
    /// Whether any `$dynamicRef` needs the dynamic scope at run time.
    var usesDynamicScope = false
    var root = 0
}

/// One subschema: its keywords in evaluation order (`unevaluated*` last).
struct SchemaNode: Sendable {
    var keywords: Range<Int> = 0..<0
    /// The schema resource the subschema belongs to (for the dynamic scope).
    var resource = 0
    /// Whether a keyword needs the annotations of its siblings (`unevaluated*`).
    var collectsAnnotations = false
    /// The `false` schema (for direct messages such as "property x is not allowed").
    var rejectsEverything = false
}

/// Every keyword the validator evaluates; anything else in a schema is an annotation. Payloads
/// are plain values: node indices, ranges of `SchemaProgram.lists`, indices of side tables.
enum SchemaKeyword: Sendable {
    /// The `false` schema.
    case never
    case type(SchemaTypes)
    /// An index into `constants`.
    case constant(Int)
    /// An index into `enums`.
    case enumeration(Int)
    /// An index into `numbers`.
    case bound(Int, SchemaBound)
    /// An index into `numbers`.
    case multipleOf(Int)
    case minLength(Int)
    case maxLength(Int)
    /// An index into `patterns`.
    case pattern(Int)
    case minItems(Int)
    case maxItems(Int)
    case uniqueItems
    case minProperties(Int)
    case maxProperties(Int)
    /// An index into `objects`: `properties`, `patternProperties`, `additionalProperties` and
    /// `required` together, so one pass over the instance's members serves all four.
    case object(Int)
    case propertyNames(Int)
    /// An index into `dependencies`.
    case dependentRequired(Int)
    /// An index into `dependencies`.
    case dependentSchemas(Int)
    case items(SchemaItems)
    case contains(SchemaContains)
    case allOf(Range<Int>)
    case anyOf(Range<Int>)
    case oneOf(Range<Int>)
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

/// `prefixItems`/`items` (2020-12) or `items`/`additionalItems` (draft-07 array form).
struct SchemaItems: Sendable {
    /// Node lists range in `SchemaProgram.lists`.
    var prefix: Range<Int>
    var rest: Int?
    /// Draft-07 array form: the prefix is `items`, the rest `additionalItems`.
    var legacyArray: Bool

    var prefixKeyword: String { legacyArray ? "items" : "prefixItems" }
    var restKeyword: String { legacyArray ? "additionalItems" : "items" }
}

struct SchemaContains: Sendable {
    var node: Int
    var min: Int
    var max: Int?
}
