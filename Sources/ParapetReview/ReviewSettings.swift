import ParapetStore

/// A route's `review:` settings: when calls escalate, how they reach a person, and how long an
/// item waits. Parsed by `ReviewSettings.parse(_:at:reader:)`.
public struct ReviewSettings: Sendable, Hashable {
    /// How escalated calls are handed off.
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        /// Hold every escalated call until it is reviewed.
        case preAction = "pre_action"
        /// Deliver every call; escalated ones are reviewed afterwards.
        case postAudit = "post_audit"
        /// Hold the review tier (`confidence_band` or `quality_gate` fired), irreversible actions
        /// (`irreversible_action` or `tool_policy` fired, or an irreversibility score above 0) and
        /// levels high and critical; audit the rest afterwards.
        case confidence
    }

    /// How escalated calls are handed off (default `confidence`).
    public var mode: Mode
    /// The share (0…1) of auto-approved calls sampled into the queue for a post-action audit,
    /// in every mode.
    public var sampleRate: Double
    /// How long an item waits for reviewers.
    public var expiry: Duration
    /// What an unresolved item becomes at expiry: `.approve` or `.reject` (never `.edit`).
    public var onExpiry: ReviewVerdict
    /// How long a reviewer's claim holds.
    public var lease: Duration
    /// The triggers in configuration order.
    public var triggers: [EscalationTrigger]
    /// How calls are scored into a risk level.
    public var risk: RiskMatrix
    /// The review policy of each risk level.
    public var policies: ReviewPolicies

    /// Defaults: confidence mode, 5 % sampled, 4 h expiry rejecting, 5 min lease, no trigger, an
    /// empty risk matrix, the seeds' policies.
    public init(
        mode: Mode = .confidence, sampleRate: Double = 0.05, expiry: Duration = .seconds(14_400), onExpiry: ReviewVerdict = .reject,
        lease: Duration = .seconds(300), triggers: [EscalationTrigger] = [], risk: RiskMatrix = RiskMatrix(),
        policies: ReviewPolicies = ReviewPolicies()
    ) {
        self.mode = mode
        self.sampleRate = sampleRate
        self.expiry = expiry
        self.onExpiry = onExpiry
        self.lease = lease
        self.triggers = triggers
        self.risk = risk
        self.policies = policies
    }

    /// The fields of every `contradiction` trigger: what `EscalationMemory.remember` keeps.
    public var decisionFields: [JSONFieldPath] {
        var fields: [JSONFieldPath] = []
        for trigger in triggers {
            if case .contradiction(let field) = trigger.condition, !fields.contains(field) { fields.append(field) }
        }
        return fields
    }
}
