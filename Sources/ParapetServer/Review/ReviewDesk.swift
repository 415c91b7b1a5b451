import Foundation
import Logging
import ParapetAudit
import ParapetCore
import ParapetStore

/// What reviewers can do with the queue, whichever door they came through: the JSON API
/// (`ReviewRoutes`) and the reviewer console (`ConsoleRoutes`) both call this one type, so they
/// make the same queue calls, write the same audit records (`review.claim`, `review.decision`)
/// and fail with the same errors (`APIError`: 404 `not_found`, 409 `held_by_other`,
/// `not_lease_holder`, `already_decided`, `resolved`, 400 for a bad reason code or a missing edit,
/// 503 when the store or the audit trail cannot be reached).
struct ReviewDesk: Sendable {
    let queue: any ReviewQueue
    let audit: any AuditRecording
    let logger: Logger
    /// How long a claim holds an item.
    var lease: Duration = Self.defaultLease
    /// Routes whose `review: { lease_s }` sets another lease than `lease`.
    var routeLeases: [String: Duration] = [:]

    /// A claim's default lease: five minutes.
    static let defaultLease: Duration = .seconds(300)
    /// The longest reason code, in UTF-8 bytes.
    static let maxReasonCodeBytes = 64

    /// A reviewer's decision as the caller states it (the JSON API decodes it from its body, the
    /// console builds it from a form).
    struct DecisionInput: Decodable, Sendable, Hashable {
        var verdict: ReviewVerdict
        var reasonCode: String
        var comment: String?
        var editedContent: String?

        enum CodingKeys: String, CodingKey {
            case verdict
            case reasonCode = "reason_code"
            case comment
            case editedContent = "edited_content"
        }
    }

    /// At most `limit` pending items of `tenant`, highest priority first.
    func pending(tenant: String, limit: Int, now: Date = Date()) async throws -> [ReviewItem] {
        try await store { try await queue.pending(tenant: tenant, limit: limit, now: now) }
    }

    /// The item `id` of `tenant` in any state; 404 `not_found` when the tenant has none.
    func item(id: String, tenant: String) async throws -> ReviewItem {
        guard let item = try await store({ try await queue.item(id: id, tenant: tenant) }) else { throw Self.notFound(id) }
        return item
    }

    /// Gives `caller` a lease on the item (or renews theirs) and audits `review.claim`.
    func claim(id: String, caller: APIKey, requestID: String) async throws -> ReviewItem {
        var lease = self.lease
        if !routeLeases.isEmpty, let route = try await store({ try await queue.item(id: id, tenant: caller.tenant) })?.route {
            lease = routeLeases[route] ?? lease
        }
        let result = try await store { try await queue.claim(id: id, tenant: caller.tenant, reviewer: caller.id, lease: lease, now: Date()) }
        switch result {
        case .claimed(let item):
            try await record("review.claim", item: item, caller: caller, requestID: requestID, input: nil)
            return item
        case .heldByOther(_, let until):
            throw APIError.gateway(.conflict, type: "invalid_request_error", "another reviewer holds this item until \(RFC3339.format(until))", code: "held_by_other")
        case .notFound:
            throw Self.notFound(id)
        case .resolved, .expired:
            throw Self.resolved(id)
        case .alreadyDecidedByThisReviewer:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "you have already decided on this item; another reviewer must", code: "already_decided")
        }
    }

    /// Records the lease holder's decision and audits `review.decision`. A reason code is 1…64
    /// bytes; an edit needs `editedContent`, which replaces the suggestion's first choice's content.
    func decide(id: String, input: DecisionInput, caller: APIKey, requestID: String) async throws -> ReviewItem {
        guard !input.reasonCode.isEmpty, input.reasonCode.utf8.count <= Self.maxReasonCodeBytes else {
            throw APIError.invalidRequest("reason_code must be 1…\(Self.maxReasonCodeBytes) bytes", param: "reason_code", code: "invalid_value")
        }
        var edited: [UInt8]?
        if input.verdict == .edit {
            guard let content = input.editedContent else {
                throw APIError.invalidRequest("an edit needs edited_content", param: "edited_content", code: "missing")
            }
            guard let current = try await store({ try await queue.item(id: id, tenant: caller.tenant) }) else { throw Self.notFound(id) }
            edited = HeldAnswer.replacingContent(of: current.suggestion, with: content)
        }
        let decision = ReviewDecision(
            reviewerKeyID: caller.id, senior: caller.role >= .admin, verdict: input.verdict, reasonCode: input.reasonCode,
            comment: input.comment, editedBody: edited, at: Date())
        let outcome = try await store { try await queue.decide(id: id, tenant: caller.tenant, decision: decision, now: Date()) }
        switch outcome {
        case .recorded(let item, _):
            try await record("review.decision", item: item, caller: caller, requestID: requestID, input: input)
            return item
        case .notLeaseHolder:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "claim the item before deciding on it", code: "not_lease_holder")
        case .alreadyDecidedByThisReviewer:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "you have already decided on this item", code: "already_decided")
        case .resolved, .expired:
            throw Self.resolved(id)
        case .notFound:
            throw Self.notFound(id)
        }
    }

    /// A store call; its failure is a 503, logged.
    func store<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            logger.error("review queue failed: \(error)")
            throw APIError.unavailable
        }
    }

    private static func notFound(_ id: String) -> APIError {
        APIError.gateway(.notFound, type: "invalid_request_error", "no review item \(id)", code: "not_found")
    }

    private static func resolved(_ id: String) -> APIError {
        APIError.gateway(.conflict, type: "invalid_request_error", "review item \(id) is already resolved", code: "resolved")
    }

    /// An audit record of a reviewer's action (never the content: ids, verdict, reason).
    private func record(_ action: String, item: ReviewItem, caller: APIKey, requestID: String, input: DecisionInput?) async throws {
        var json = JSONWriter(capacity: 256)
        json.raw("{\"review\":{")
        json.key("action", first: true)
        json.string(action)
        json.key("id")
        json.string(item.id)
        json.key("status")
        json.string(item.status.rawValue)
        json.key("verdict")
        json.string(input?.verdict.rawValue)
        json.key("reason_code")
        json.string(input?.reasonCode)
        json.key("approvals")
        json.int(item.approvals)
        json.key("required_approvals")
        json.int(item.requiredApprovals)
        json.key("held_audit_id")
        json.string(item.auditID)
        json.raw("}}")
        let entry = AuditEntry(
            id: AuditID.make(), time: Date(), requestID: requestID, tenant: item.tenant, keyID: caller.id, direction: .output,
            route: item.route, policyVersion: "", action: .review, categories: item.category.map { [$0] } ?? [], findingsJSON: "[]", detectors: [],
            latencyMicroseconds: 0, textHash: "", redactedText: nil, rawText: nil, metadataJSON: json.string)
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("audit of a review action failed: \(error)")
            throw APIError.unavailable
        }
    }
}
