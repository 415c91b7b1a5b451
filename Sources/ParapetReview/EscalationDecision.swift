import ParapetStore

/// What the engine decided for one call. Pure data: the server acts on it (holds, delivers,
/// enqueues) and records it (Codable with snake_case keys, for audit records and APIs).
public struct EscalationDecision: Sendable, Hashable, Codable {
    /// How the call reaches a person, if it does.
    public enum Handoff: String, Sendable, Hashable, Codable, CaseIterable {
        /// Deliver; nobody looks.
        case none
        /// Hold the response or tool call until the review item is resolved (`202 Accepted`).
        case preAction = "pre_action"
        /// Deliver at once and put a review item in the queue for a later look.
        case postAudit = "post_audit"
    }

    /// Fired triggers, highest priority first (ties in configuration order, `risk_matrix` last).
    /// Empty for a call that did not escalate, sampled or not.
    public var fired: [FiredTrigger]
    /// The risk matrix's scores.
    public var scores: RiskScores
    /// The level the scores' sum maps to.
    public var level: RiskLevel
    /// The review policy: the level's, raised to `one_reviewer` for any call that enters the
    /// queue (escalated or sampled). `auto` exactly when `handoff` is `none`.
    public var policy: ReviewPolicy
    /// How the call reaches a person: not at all, held before delivery, or audited after it.
    public var handoff: Handoff
    /// Whether the call entered the queue only as a post-audit sample of an auto-approved decision.
    public var sampled: Bool
    /// The queue priority, urgency × value (see `EscalationEngine`). Finite and ≥ 0.
    public var priority: Double
    /// The category that escalated the call: the one matched by the highest-priority fired
    /// `category` trigger (for `ReviewItem.category` and the override statistics); nil when no
    /// such trigger fired.
    public var category: String?

    /// A decision with these parts (the engine builds them; tests and replays may too).
    public init(
        fired: [FiredTrigger], scores: RiskScores, level: RiskLevel, policy: ReviewPolicy, handoff: Handoff, sampled: Bool, priority: Double,
        category: String? = nil
    ) {
        self.fired = fired
        self.scores = scores
        self.level = level
        self.policy = policy
        self.handoff = handoff
        self.sampled = sampled
        self.priority = priority
        self.category = category
    }

    /// Whether a trigger fired (the risk matrix included): the call counts as escalated in the
    /// statistics.
    public var escalated: Bool { !fired.isEmpty }

    /// The kind of the review item to create, nil when nothing is enqueued.
    public var reviewKind: ReviewKind? {
        switch handoff {
        case .none: nil
        case .preAction: .preAction
        case .postAudit: .postAudit
        }
    }

    /// `fired` as the JSON bytes for `ReviewItem.triggers`.
    public var triggersJSON: [UInt8] { FiredTrigger.json(fired) }

    enum CodingKeys: String, CodingKey {
        case fired, scores, level, policy, handoff, sampled, priority, category
    }
}
