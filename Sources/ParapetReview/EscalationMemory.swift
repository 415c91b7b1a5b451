import ParapetCore

/// What the escalation engine remembers between calls: the task types each user has had, and
/// the last decision per subject. Everything is scoped by tenant.
///
/// Implementer duties: calls come from many requests at once (be thread-safe); keep memory
/// bounded (forgetting is allowed: a forgotten user's task counts as a first time again, which
/// errs on the side of review); never throw or block on I/O for long — the engine runs in the
/// request path.
public protocol EscalationMemory: Sendable {
    /// Whether `user` has had a call of `taskType` remembered before.
    func hasSeen(tenant: String, user: String, taskType: String) -> Bool

    /// The value of `field` in the last remembered answer about `subject`, if any.
    func lastDecision(tenant: String, subject: String, field: JSONFieldPath) -> JSON?

    /// Remembers a delivered call: its user's task type (when both are set) and, when it has a
    /// subject, the value of each of `decisionFields` found in its answer or tool calls (the
    /// first found, as `EscalationInput` orders them).
    ///
    /// Called by the server once the answer is delivered (auto-approved, post-audited, or
    /// approved or edited by a reviewer), not for refused ones: a refused answer is no decision.
    func remember(_ input: EscalationInput, decisionFields: [JSONFieldPath])
}
