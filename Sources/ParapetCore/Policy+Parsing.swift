extension Policy {
    /// Whether a policy document stacks on the built-in policy.
    public enum Inherit: String, Sendable, CaseIterable {
        case builtin
        case none
    }

    /// Phase two of loading: validates a document tree and builds its layer.
    ///
    /// Every error is collected and named by its path, e.g.
    /// `policy.categories["pii.email"].output: unknown action "mask"`.
    ///
    /// - Parameters:
    ///   - document: the tree from a format adapter.
    ///   - path: the root name used in error paths.
    ///   - taxonomy: known categories.
    ///   - knownTopics, knownWordLists: names declared by lower layers, which this document's
    ///     category keys may refer to.
    /// - Returns: the layer and whether the document inherits the built-in policy.
    public static func parseLayer(
        _ document: ConfigValue, path: ConfigPath = "policy", taxonomy: Taxonomy = .standard,
        knownTopics: Set<String> = [], knownWordLists: Set<String> = []
    ) throws(ConfigErrors) -> (layer: Layer, inherit: Inherit) {
        var reader = ConfigReader()
        let rootKeys: Set<String> = ["version", "inherit", "defaults", "categories", "topics", "word_lists", "allow_list"]
        var layer = Layer(version: "")  // empty: the loader names it by content hash
        var inherit = Inherit.builtin
        guard let entries = reader.map(document, at: path, allowed: rootKeys) else {
            throw ConfigErrors(reader.errors)
        }
        func value(_ key: String) -> ConfigValue? { entries.first { $0.key == key }?.value }

        if let v = value("version") {
            switch v {
            case .string(let s) where !s.isEmpty: layer.version = s
            case .int(let i): layer.version = String(i)
            case .double(let d): layer.version = String(d)
            default: reader.fail(path.key("version"), "expected a non-empty string, got \(v.kindName)")
            }
        }
        if let v = value("inherit"), let parsed: Inherit = reader.enumeration(v, at: path.key("inherit"), kind: "inherit mode") {
            inherit = parsed
        }
        if let v = value("topics") {
            layer.topics = parseNamedLists(v, at: path.key("topics"), itemKey: "keywords", reader: &reader)
        }
        if let v = value("word_lists") {
            layer.wordLists = parseNamedLists(v, at: path.key("word_lists"), itemKey: "words", reader: &reader)
        }
        if let v = value("allow_list") {
            layer.allowList = reader.strings(v, at: path.key("allow_list")) ?? []
        }
        if let v = value("defaults") {
            layer.defaults = parseRule(v, at: path.key("defaults"), reader: &reader)
        }
        if let v = value("categories"), let cats = reader.map(v, at: path.key("categories")) {
            let topics = knownTopics.union(layer.topics.keys)
            let wordLists = knownWordLists.union(layer.wordLists.keys)
            for entry in cats {
                let keyPath = path.key("categories").key(entry.key)
                if let problem = categoryKeyProblem(entry.key, taxonomy: taxonomy, topics: topics, wordLists: wordLists) {
                    reader.fail(keyPath, problem)
                    continue
                }
                layer.categories[entry.key] = parseRule(entry.value, at: keyPath, reader: &reader)
            }
        }
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors) }
        return (layer, inherit)
    }

    private static let ruleKeys: Set<String> = [
        "action", "input", "output", "tool", "retrieval", "threshold", "fail_mode", "redaction", "allow",
    ]

    private static func parseRule(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> PolicyRule {
        var rule = PolicyRule()
        // Shorthand: `pii.email: redact` sets the action for every direction.
        if case .string = value {
            if let action: Action = reader.enumeration(value, at: path, kind: "action") {
                for d in Direction.allCases { rule.actions[d] = action }
            }
            return rule
        }
        guard let entries = reader.map(value, at: path, allowed: ruleKeys) else { return rule }
        for entry in entries where entry.key == "action" {
            if let action: Action = reader.enumeration(entry.value, at: path.key("action"), kind: "action") {
                for d in Direction.allCases { rule.actions[d] = action }
            }
        }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "input", "output", "tool", "retrieval":
                if let action: Action = reader.enumeration(entry.value, at: p, kind: "action"),
                    let direction = Direction(rawValue: entry.key)
                {
                    rule.actions[direction] = action
                }
            case "threshold":
                rule.threshold = reader.number(entry.value, at: p, in: 0...1)
            case "fail_mode":
                rule.failMode = reader.enumeration(entry.value, at: p, kind: "fail mode")
            case "redaction":
                rule.redaction = reader.enumeration(entry.value, at: p, kind: "redaction style")
            case "allow":
                rule.allow = reader.strings(entry.value, at: p) ?? []
            default:
                break
            }
        }
        return rule
    }

    /// `name: {<itemKey>: [..]}` or the shorthand `name: [..]`.
    private static func parseNamedLists(
        _ value: ConfigValue, at path: ConfigPath, itemKey: String, reader: inout ConfigReader
    ) -> [String: [String]] {
        guard let entries = reader.map(value, at: path) else { return [:] }
        var out: [String: [String]] = [:]
        for entry in entries {
            let p = path.key(entry.key)
            guard isPlainName(entry.key) else {
                reader.fail(p, "name must be lower-case letters, digits and underscores")
                continue
            }
            let items: [String]?
            if case .list = entry.value {
                items = reader.strings(entry.value, at: p, nonEmpty: true)
            } else if let fields = reader.map(entry.value, at: p, allowed: [itemKey, "description"]) {
                if let list = fields.first(where: { $0.key == itemKey })?.value {
                    items = reader.strings(list, at: p.key(itemKey), nonEmpty: true)
                } else {
                    reader.fail(p, "missing field \"\(itemKey)\"")
                    items = nil
                }
            } else {
                items = nil
            }
            if let items { out[entry.key] = items }
        }
        return out
    }

    private static func isPlainName(_ s: String) -> Bool {
        !s.isEmpty && s.utf8.allSatisfy { ($0 >= 0x61 && $0 <= 0x7A) || ($0 >= 0x30 && $0 <= 0x39) || $0 == 0x5F }
    }

    /// Why a category key is not acceptable, or nil.
    private static func categoryKeyProblem(
        _ key: String, taxonomy: Taxonomy, topics: Set<String>, wordLists: Set<String>
    ) -> String? {
        if key == "*" || taxonomy.contains(CategoryID(key)) { return nil }
        if key.hasSuffix(".*") {
            let group = String(key.dropLast(2))
            let groups = Set(taxonomy.entries.map { String($0.id.group) }).union(Taxonomy.openGroups)
            return groups.contains(group) ? nil : "unknown category group \"\(group)\""
        }
        let id = CategoryID(key)
        let rest = key.dropFirst(id.group.count + 1)
        switch id.group {
        case "topic":
            return topics.contains(String(rest)) ? nil : "unknown topic \"\(rest)\" (declare it under topics)"
        case "wordlist":
            return wordLists.contains(String(rest)) ? nil : "unknown word list \"\(rest)\" (declare it under word_lists)"
        case "tool", "detector":
            return rest.isEmpty ? "category \"\(key)\" needs a name after the group" : nil
        default:
            return "unknown category \"\(key)\""
        }
    }
}
