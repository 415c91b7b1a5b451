/// Maps every category to an action per direction, with a score threshold, a fail mode and a
/// redaction style; declares topics, word lists and allow-lists.
///
/// A policy is a stack of layers. A file's layer sits on top of the built-in default policy
/// (unless it says `inherit: none`). Each field of a category's rule is taken from the first of:
/// the top layer's exact key, its wildcards (`pii.*`, then `*`), the next layer's exact key and
/// wildcards, …, then the layers' `defaults` in the same order. Rules are resolved once, when
/// the policy is built.
public struct Policy: Sendable {
    /// One document's rules.
    public struct Layer: Sendable, Hashable {
        public var version: String
        public var defaults: PolicyRule
        /// Keyed by exact category id or wildcard pattern (`pii.*`, `*`).
        public var categories: [String: PolicyRule]
        public var topics: [String: [String]]
        public var wordLists: [String: [String]]
        public var allowList: [String]

        public init(
            version: String, defaults: PolicyRule = PolicyRule(), categories: [String: PolicyRule] = [:],
            topics: [String: [String]] = [:], wordLists: [String: [String]] = [:], allowList: [String] = []
        ) {
            self.version = version
            self.defaults = defaults
            self.categories = categories
            self.topics = topics
            self.wordLists = wordLists
            self.allowList = allowList
        }
    }

    /// Top layer first.
    public let layers: [Layer]
    /// The version of the top layer, recorded with every decision.
    public let version: String
    /// Denied topics: name → keywords (merged over layers, top layer wins per name).
    public let topics: [String: [String]]
    /// Word lists: name → words.
    public let wordLists: [String: [String]]
    /// Values never reported for any category, lower-cased.
    public let allowList: Set<String>
    private let resolved: [CategoryID: ResolvedRule]

    /// Used when no layer decides a field.
    public static let fallbackRule = ResolvedRule(
        input: .allow, output: .allow, tool: .allow, retrieval: .allow,
        threshold: 0.5, failMode: .closed, redaction: .placeholder, allow: [], label: "")

    public init(layers: [Layer], taxonomy: Taxonomy = .standard) {
        self.layers = layers
        self.version = layers.first?.version ?? "empty"
        var topics: [String: [String]] = [:]
        var wordLists: [String: [String]] = [:]
        var allow: Set<String> = []
        for layer in layers.reversed() {
            topics.merge(layer.topics) { _, top in top }
            wordLists.merge(layer.wordLists) { _, top in top }
            for value in layer.allowList { allow.insert(value.lowercased()) }
        }
        self.topics = topics
        self.wordLists = wordLists
        self.allowList = allow
        var known = taxonomy.entries.map(\.id)
        known += topics.keys.map { CategoryID("topic.\($0)") }
        known += wordLists.keys.map { CategoryID("wordlist.\($0)") }
        var resolved: [CategoryID: ResolvedRule] = [:]
        for id in known { resolved[id] = Self.resolve(id, layers: layers) }
        self.resolved = resolved
    }

    /// The rule for a category; categories outside the taxonomy (tool rules, detector failures)
    /// are resolved on demand by the same rules.
    public func rule(for category: CategoryID) -> ResolvedRule {
        resolved[category] ?? Self.resolve(category, layers: layers)
    }

    /// Whether any category in `categories` has a non-`allow` action for `direction`. The
    /// pipeline skips detectors for which this is false.
    public func isActive(_ categories: [CategoryID], for direction: Direction) -> Bool {
        categories.contains { rule(for: $0).action(for: direction) != .allow }
    }

    private static func resolve(_ id: CategoryID, layers: [Layer]) -> ResolvedRule {
        // Candidate rules, most specific first within a layer, top layer first; then defaults.
        var chain: [PolicyRule] = []
        for layer in layers {
            if let exact = layer.categories[id.rawValue] { chain.append(exact) }
            chain += wildcards(matching: id, in: layer)
        }
        for layer in layers { chain.append(layer.defaults) }

        func first<T>(_ field: (PolicyRule) -> T?) -> T? {
            for rule in chain { if let v = field(rule) { return v } }
            return nil
        }
        let fallback = fallbackRule
        var allow: Set<String> = []
        for rule in chain { for v in rule.allow { allow.insert(v.lowercased()) } }
        return ResolvedRule(
            input: first { $0.actions[.input] } ?? fallback.input,
            output: first { $0.actions[.output] } ?? fallback.output,
            tool: first { $0.actions[.tool] } ?? fallback.tool,
            retrieval: first { $0.actions[.retrieval] } ?? fallback.retrieval,
            threshold: first(\.threshold) ?? fallback.threshold,
            failMode: first(\.failMode) ?? fallback.failMode,
            redaction: first(\.redaction) ?? fallback.redaction,
            allow: allow,
            label: id.redactionLabel)
    }

    /// Wildcard rules of a layer that match `id`, longest pattern first (`pii.*` before `*`).
    private static func wildcards(matching id: CategoryID, in layer: Layer) -> [PolicyRule] {
        var matches: [(Int, PolicyRule)] = []
        for (pattern, rule) in layer.categories where pattern.hasSuffix("*") {
            let prefix = pattern.dropLast()
            if id.rawValue.hasPrefix(prefix) { matches.append((prefix.count, rule)) }
        }
        return matches.sorted { $0.0 > $1.0 }.map(\.1)
    }
}
