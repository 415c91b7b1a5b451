import ParapetCore
import Yams

/// Phase one of config loading: YAML (or JSON, which YAML includes) to a `ConfigValue` tree.
/// Syntax errors, duplicate keys, non-string keys and aliases are reported with the document name
/// as path.
public enum YAMLDocument {
    public static func parse(_ yaml: String, root: ConfigPath) throws(ConfigErrors) -> ConfigValue {
        let node: Node?
        do {
            node = try Yams.compose(yaml: yaml)
        } catch {
            throw ConfigErrors([ConfigError(root, "not valid YAML: \(error)")])
        }
        guard let node else { return .map([]) }  // an empty document is an empty mapping
        var errors: [ConfigError] = []
        let value = convert(node, at: root, errors: &errors)
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return value
    }

    private static func convert(_ node: Node, at path: ConfigPath, errors: inout [ConfigError]) -> ConfigValue {
        switch node {
        case .scalar(let scalar):
            return scalarValue(scalar, tag: node.tag)
        case .sequence(let sequence):
            return .list(sequence.enumerated().map { convert($0.element, at: path.index($0.offset), errors: &errors) })
        case .mapping(let mapping):
            var entries: [ConfigValue.Entry] = []
            var seen: Set<String> = []
            for (keyNode, valueNode) in mapping {
                guard case .scalar(let key) = keyNode else {
                    errors.append(ConfigError(path, "mapping keys must be strings"))
                    continue
                }
                guard seen.insert(key.string).inserted else {
                    errors.append(ConfigError(path.key(key.string), "duplicate key"))
                    continue
                }
                entries.append(ConfigValue.Entry(key: key.string, value: convert(valueNode, at: path.key(key.string), errors: &errors)))
            }
            return .map(entries)
        case .alias:
            errors.append(ConfigError(path, "YAML aliases are not supported"))
            return .null
        }
    }

    private static func scalarValue(_ scalar: Node.Scalar, tag: Tag) -> ConfigValue {
        let s = scalar.string
        switch Tag.Name(rawValue: tag.rawValue) {
        case .null: return .null
        case .bool:
            switch s.lowercased() {
            case "true", "yes", "on", "y": return .bool(true)
            case "false", "no", "off", "n": return .bool(false)
            default: return .string(s)
            }
        case .int: return Int(s.replacingOccurrences(of: "_", with: "")).map(ConfigValue.int) ?? .string(s)
        case .float: return Double(s).map(ConfigValue.double) ?? .string(s)
        default: return .string(s)
        }
    }
}
