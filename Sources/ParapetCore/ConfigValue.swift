/// A parsed configuration document (YAML or JSON) as a plain tree, before validation.
///
/// Config loads in two phases: a format adapter (YAML in ParapetGuards) produces a `ConfigValue`,
/// then typed parsers walk it, collecting every error with its dotted path.
public indirect enum ConfigValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case int(Int)
    case double(Double)
    case string(String)
    case list([ConfigValue])
    /// Entries in document order; keys are unique (adapters reject duplicates).
    case map([Entry])

    public struct Entry: Sendable, Hashable {
        public var key: String
        public var value: ConfigValue
        public init(key: String, value: ConfigValue) {
            self.key = key
            self.value = value
        }
    }

    /// A short name of the value's kind for error messages.
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "a boolean"
        case .int: "an integer"
        case .double: "a number"
        case .string: "a string"
        case .list: "a list"
        case .map: "a mapping"
        }
    }
}
