/// One configured escalation trigger: a condition on the call, its priority, and what it adds to
/// the risk matrix when it fires.
public struct EscalationTrigger: Sendable, Hashable {
    /// The condition, one case per `kind:` in the settings.
    public enum Condition: Sendable, Hashable {
        /// `confidence_band`: the confidence is in `low..<high`. `threshold` (in `low...high`) is
        /// where the queue priority's urgency peaks; the band's middle unless configured.
        case confidenceBand(low: Double, high: Double, threshold: Double)
        /// `amount_above`: a number at `field` in the answer or in a tool call's arguments is
        /// above `threshold` (quoted numbers count).
        case amountAbove(field: JSONFieldPath, threshold: Double)
        /// `irreversible_action`: the answer calls one of `tools`.
        case irreversibleAction(tools: Set<String>)
        /// `first_time_task`: the memory has never seen this user with this task type (needs both).
        case firstTimeTask
        /// `contradiction`: the value at `field` differs from the last remembered decision for the
        /// same subject (needs a subject and a remembered decision).
        case contradiction(field: JSONFieldPath)
        /// `category`: the guards found a category matching one of `patterns`.
        case category(patterns: [CategoryPattern])
        /// `output_tokens_above`: the answer has more than `tokens` completion tokens.
        case outputTokensAbove(tokens: Int)

        /// The kind as the settings and fired triggers spell it.
        public var kind: TriggerKind {
            switch self {
            case .confidenceBand: .confidenceBand
            case .amountAbove: .amountAbove
            case .irreversibleAction: .irreversibleAction
            case .firstTimeTask: .firstTimeTask
            case .contradiction: .contradiction
            case .category: .category
            case .outputTokensAbove: .outputTokensAbove
            }
        }
    }

    /// When the trigger fires.
    public var condition: Condition
    /// Higher fires first in the decision's list (and shows first to the reviewer).
    public var priority: Int
    /// Scores this trigger raises risk dimensions to (at least) when it fires.
    public var risk: [RiskDimension: Int]

    /// A trigger firing on `condition`.
    public init(_ condition: Condition, priority: Int = 0, risk: [RiskDimension: Int] = [:]) {
        self.condition = condition
        self.priority = priority
        self.risk = risk
    }
}

/// The kind of a fired trigger: one per configurable condition, plus `risk_matrix` for a call
/// whose risk level alone needs a reviewer.
public enum TriggerKind: String, Sendable, Hashable, Codable, CaseIterable {
    case confidenceBand = "confidence_band"
    case amountAbove = "amount_above"
    case irreversibleAction = "irreversible_action"
    case firstTimeTask = "first_time_task"
    case contradiction
    case category
    case outputTokensAbove = "output_tokens_above"
    /// Not configurable as a trigger: fired when the risk level's policy is not `auto`.
    case riskMatrix = "risk_matrix"
    /// Not configurable here: fired when one of the route's quality gates (the confidence gate,
    /// the grounding check) put the answer in its review tier.
    case qualityGate = "quality_gate"
    /// Not configurable here: fired when the tool-call policy (`tools:`) decided `review` for a
    /// tool call of the answer.
    case toolPolicy = "tool_policy"
    /// Not configurable here: fired when governance hands a call to a person — the session loop
    /// breaker (`on_limit: review`) or the degradation chain's last step (`escalate`).
    case handOff = "hand_off"

    /// Whether a route's `triggers:` may name it (the engine and the gateway fire the others).
    public var isConfigurable: Bool {
        switch self {
        case .riskMatrix, .qualityGate, .toolPolicy, .handOff: false
        default: true
        }
    }
}
