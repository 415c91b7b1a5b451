import Crypto
import ParapetCore

/// Loads policies: the built-in default compiled into the binary, and YAML documents layered on
/// top of it.
public enum PolicyLoader {
    /// The built-in default policy.
    public static func builtin() throws(ConfigErrors) -> Policy {
        Policy(layers: [try builtinLayer()])
    }

    static func builtinLayer() throws(ConfigErrors) -> Policy.Layer {
        let tree = try YAMLDocument.parse(BuiltinPolicy.yaml, root: "builtin_policy")
        return try Policy.parseLayer(tree, path: "builtin_policy").layer
    }

    /// Parses a policy document; a document without `version` is named `sha256:<12 hex digits>` of
    /// its text. Unless it says `inherit: none`, it layers over the built-in
    /// policy. Errors name their path: `policy.categories["pii.email"].output: unknown action "mask"`.
    public static func load(yaml: String, root: ConfigPath = "policy") throws(ConfigErrors) -> Policy {
        let base = try builtinLayer()
        let tree = try YAMLDocument.parse(yaml, root: root)
        var (layer, inherit) = try Policy.parseLayer(
            tree, path: root, knownTopics: Set(base.topics.keys), knownWordLists: Set(base.wordLists.keys))
        if layer.version.isEmpty {
            // Unnamed documents are named by content, so audit records still pin the policy.
            layer.version = "sha256:" + Hex.encode(SHA256.hash(data: Array(yaml.utf8)).prefix(6))
        }
        switch inherit {
        case .builtin: return Policy(layers: [layer, base])
        case .none: return Policy(layers: [layer])
        }
    }
}
