import Foundation

/// A decision waiting for (or resolved by) people: the held request's summary, the model's
/// suggestion, why it was escalated, and the reviewers' decisions.
///
/// The first block of fields is fixed when the item is enqueued; the second (`status` onwards)
/// is changed only by the queue. Bodies are bytes stored exactly as given.
public struct ReviewItem: Sendable, Hashable {
    /// Unique across tenants (`rev_…`).
    public var id: String
    public var tenant: String
    public var route: String
    public var kind: ReviewKind
    public var level: RiskLevel
    /// Urgency × value: the queue shows the highest first. Must be finite.
    public var priority: Double
    /// Approvals needed to resolve the item as approved: 1…3.
    public var requiredApprovals: Int
    /// Whether one of the approvals must come from a senior reviewer.
    public var requiresSenior: Bool
    public var createdAt: Date
    /// After this instant the item can no longer be claimed or decided; `expire(now:)` resolves it.
    public var expiresAt: Date
    /// What expiry resolves to: `.approve` (deliver the suggestion) or `.reject`.
    public var onExpiry: ReviewVerdict
    public var taskType: String?
    /// What the decision is about (an order, an account), to spot contradicting decisions.
    public var subject: String?
    /// The end user the request came from, as the client named them.
    public var user: String?
    /// The taxonomy category that escalated the item, if one did.
    public var category: String?
    /// The redacted request summary, JSON.
    public var request: [UInt8]
    /// The held response body exactly as it would be delivered.
    public var suggestion: [UInt8]
    /// The calibrated confidence of the suggestion, if known. Must be finite.
    public var confidence: Double?
    /// The guard findings, JSON.
    public var findings: [UInt8]
    /// The fired escalation triggers in priority order, JSON.
    public var triggers: [UInt8]
    /// The model's or the engine's reasoning shown to the reviewer.
    public var reasoning: String?
    /// The audit record of the held request, if it has one.
    public var auditID: String?

    public var status: ReviewStatus
    /// Decisions in the order they were made; at most one per reviewer.
    public var decisions: [ReviewDecision]
    /// Who holds the item now, if anyone (a lease may have run out: see `ReviewLease.holds(at:)`).
    public var lease: ReviewLease?
    public var resolvedAt: Date?
    /// What the client receives: the suggestion when approved (or expired to approve), the
    /// reviewer's body when edited, nil when rejected or pending.
    public var finalBody: [UInt8]?
    /// Whether the resolution was delivered to the client (set once by `markReleased`).
    public var released: Bool

    /// A new item (pending, no decisions, no lease) unless the state is given.
    public init(
        id: String, tenant: String, route: String, kind: ReviewKind, level: RiskLevel, priority: Double, requiredApprovals: Int,
        requiresSenior: Bool, createdAt: Date, expiresAt: Date, onExpiry: ReviewVerdict, taskType: String? = nil, subject: String? = nil,
        user: String? = nil, category: String? = nil, request: [UInt8], suggestion: [UInt8], confidence: Double? = nil, findings: [UInt8],
        triggers: [UInt8], reasoning: String? = nil, auditID: String? = nil, status: ReviewStatus = .pending, decisions: [ReviewDecision] = [],
        lease: ReviewLease? = nil, resolvedAt: Date? = nil, finalBody: [UInt8]? = nil, released: Bool = false
    ) {
        self.id = id
        self.tenant = tenant
        self.route = route
        self.kind = kind
        self.level = level
        self.priority = priority
        self.requiredApprovals = requiredApprovals
        self.requiresSenior = requiresSenior
        self.createdAt = createdAt
        self.expiresAt = expiresAt
        self.onExpiry = onExpiry
        self.taskType = taskType
        self.subject = subject
        self.user = user
        self.category = category
        self.request = request
        self.suggestion = suggestion
        self.confidence = confidence
        self.findings = findings
        self.triggers = triggers
        self.reasoning = reasoning
        self.auditID = auditID
        self.status = status
        self.decisions = decisions
        self.lease = lease
        self.resolvedAt = resolvedAt
        self.finalBody = finalBody
        self.released = released
    }

    /// Whether the item reached a final status.
    public var isResolved: Bool { status != .pending }

    /// The approvals recorded so far (one per reviewer).
    public var approvals: Int { decisions.count(where: { $0.verdict == .approve }) }

    /// What the resolution amounts to for the client: `.approve`, `.reject` or `.edit`; an
    /// expired item resolves to `onExpiry`; nil while pending.
    public var resolution: ReviewVerdict? {
        switch status {
        case .pending: nil
        case .approved: .approve
        case .rejected: .reject
        case .edited: .edit
        case .expired: onExpiry
        }
    }
}
