import Foundation
import ParapetCore
import ParapetStore

/// What happened to a review item, as notifications name it.
public enum ReviewEventKind: String, Sendable, Hashable, CaseIterable {
    /// An item entered the queue (a held answer waits, or a delivered one was sampled).
    case created = "review.created"
    /// A reviewer's decision was recorded (approvals n of N so far).
    case decided = "review.decided"
    /// The item reached a final status: approved, rejected, edited or expired.
    case resolved = "review.resolved"
}

/// A notification about a review item: ids, routing and workflow state — never the request, the
/// model's suggestion, an edited body, a reviewer's comment or the end user's name. The content
/// stays in the queue, behind reviewer keys; a receiver that needs it polls or asks a reviewer.
public struct ReviewEvent: Sendable, Hashable {
    public var kind: ReviewEventKind
    /// Unique per event (`evt_…`); the same in every webhook's delivery of it.
    public var id: String
    public var occurredAt: Date
    public var review: Summary
    /// The decision that was recorded (`review.decided`, and `review.resolved` when a decision
    /// resolved the item); nil otherwise.
    public var decision: Decision?

    /// The item's state after the change, without its content.
    public struct Summary: Sendable, Hashable {
        public var id: String
        public var tenant: String
        public var route: String
        public var kind: ReviewKind
        public var level: RiskLevel
        public var priority: Double
        public var status: ReviewStatus
        /// The resolution (`review.resolved`: what the client gets; an expired item's `onExpiry`) or
        /// the recorded decision's verdict (`review.decided`); nil for `review.created`.
        public var verdict: ReviewVerdict?
        /// The reason code of the decision behind `verdict`; `expired` for an expired item.
        public var reasonCode: String?
        public var approvals: Int
        public var requiredApprovals: Int
        public var requiresSenior: Bool
        /// The taxonomy category that escalated the item, if one did (an id, not text).
        public var category: String?
        public var createdAt: Date
        public var expiresAt: Date
        public var resolvedAt: Date?
        /// The audit record of the held request, if it has one.
        public var auditID: String?

        /// Where the client that was answered `202 Accepted` polls for the result.
        public var poll: String { "/v1/reviews/\(id)" }
    }

    /// One reviewer's recorded decision, without the comment or edited body.
    public struct Decision: Sendable, Hashable {
        /// The reviewer's key id (not the key).
        public var reviewer: String
        public var senior: Bool
        public var verdict: ReviewVerdict
        public var reasonCode: String
        public var at: Date
    }

    /// `review.created` for a freshly enqueued item.
    public static func created(_ item: ReviewItem, at now: Date) -> ReviewEvent {
        ReviewEvent(kind: .created, id: makeID(), occurredAt: now, review: Summary(item, verdict: nil, reasonCode: nil), decision: nil)
    }

    /// `review.decided` for the item's latest decision (nil when it has none).
    public static func decided(_ item: ReviewItem, at now: Date) -> ReviewEvent? {
        guard let last = item.decisions.last else { return nil }
        let decision = Decision(last)
        return ReviewEvent(
            kind: .decided, id: makeID(), occurredAt: now, review: Summary(item, verdict: last.verdict, reasonCode: last.reasonCode), decision: decision)
    }

    /// `review.resolved` for an item with a final status (nil while it is pending). Its decision is
    /// the last one when a decision resolved it; an expired item has none and reason `expired`.
    public static func resolved(_ item: ReviewItem, at now: Date) -> ReviewEvent? {
        guard item.isResolved, let verdict = item.resolution else { return nil }
        let last = item.status == .expired ? nil : item.decisions.last
        let reason = item.status == .expired ? "expired" : last?.reasonCode
        return ReviewEvent(
            kind: .resolved, id: makeID(), occurredAt: now, review: Summary(item, verdict: verdict, reasonCode: reason), decision: last.map(Decision.init))
    }

    /// `evt_` + 20 random hex digits.
    static func makeID() -> String { "evt_" + Hex.random(bytes: 10) }
}

extension ReviewEvent.Summary {
    init(_ item: ReviewItem, verdict: ReviewVerdict?, reasonCode: String?) {
        self.init(
            id: item.id, tenant: item.tenant, route: item.route, kind: item.kind, level: item.level, priority: item.priority, status: item.status,
            verdict: verdict, reasonCode: reasonCode, approvals: item.approvals, requiredApprovals: item.requiredApprovals,
            requiresSenior: item.requiresSenior, category: item.category, createdAt: item.createdAt, expiresAt: item.expiresAt,
            resolvedAt: item.resolvedAt, auditID: item.auditID)
    }
}

extension ReviewEvent.Decision {
    init(_ decision: ReviewDecision) {
        self.init(reviewer: decision.reviewerKeyID, senior: decision.senior, verdict: decision.verdict, reasonCode: decision.reasonCode, at: decision.at)
    }
}
