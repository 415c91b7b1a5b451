/// A policy entry for one category key, as written: every field optional, resolved through the
/// policy's layers (see `Policy.rule(for:)`).
public struct PolicyRule: Sendable, Hashable {
    public var actions: [Direction: Action] = [:]
    public var threshold: Double?
    public var failMode: FailMode?
    public var redaction: RedactionStyle?
    /// Values (compared case-insensitively with the matched text) never reported for this category.
    public var allow: [String] = []

    public init(
        actions: [Direction: Action] = [:], threshold: Double? = nil, failMode: FailMode? = nil,
        redaction: RedactionStyle? = nil, allow: [String] = []
    ) {
        self.actions = actions
        self.threshold = threshold
        self.failMode = failMode
        self.redaction = redaction
        self.allow = allow
    }
}

/// A category's rule with every field decided.
public struct ResolvedRule: Sendable, Hashable {
    public var input: Action
    public var output: Action
    public var tool: Action
    public var retrieval: Action
    public var threshold: Double
    public var failMode: FailMode
    public var redaction: RedactionStyle
    /// Lower-cased allowed values.
    public var allow: Set<String>
    /// The redaction placeholder label (`EMAIL` for `pii.email`), computed once.
    public var label: String

    public func action(for direction: Direction) -> Action {
        switch direction {
        case .input: input
        case .output: output
        case .tool: tool
        case .retrieval: retrieval
        }
    }
}
