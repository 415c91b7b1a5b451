import Foundation
import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetStore

/// The review queue over HTTP.
///
/// Clients: `GET /v1/reviews/{id}[?wait=SECONDS]` — the state of a held answer; once it is
/// approved (or edited) the held response is returned exactly once, later calls get 409
/// `already_released`; a rejection is 422 `review_rejected` with the reviewer's reason code.
///
/// Reviewers (role `reviewer` or above): `GET /v1/review/queue`, `POST /v1/review/items/{id}/claim`
/// (a lease, so two reviewers never hold one item), `POST /v1/review/items/{id}/decision`
/// (`{"verdict": "approve|reject|edit", "reason_code", "comment"?, "edited_content"?}`). Every
/// reviewer action is an audit record.
struct ReviewRoutes: Sendable {
    let queue: any ReviewQueue
    let audit: any AuditRecording
    let body: JSONBody
    let logger: Logger
    /// How long a claim holds an item.
    var lease: Duration = .seconds(300)
    /// The longest `wait` a client may ask for.
    static let maxWait = 60
    /// How often a long poll looks at the store (holds may be decided by another instance).
    static let pollInterval: Duration = .milliseconds(200)

    func register(client: RouterGroup<ParapetRequestContext>, reviewer: RouterGroup<ParapetRequestContext>) {
        client.get("reviews/{id}") { request, context in try await poll(request, context: context) }
        reviewer.get("review/queue") { request, context in try await pending(request, context: context) }
        reviewer.post("review/items/{id}/claim") { _, context in try await claim(context: context) }
        reviewer.post("review/items/{id}/decision") { request, context in try await decide(request, context: context) }
    }

    // MARK: - Clients

    func poll(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = try context.parameters.require("id")
        var wait = 0
        if let text = request.uri.queryParameters.get("wait") {
            guard let seconds = Int(text), (0...Self.maxWait).contains(seconds) else {
                throw APIError.invalidRequest("wait must be a whole number of seconds, 0…\(Self.maxWait)", param: "wait", code: "invalid_value")
            }
            wait = seconds
        }
        let deadline = ContinuousClock.now.advanced(by: .seconds(wait))
        var item = try await load(id: id, tenant: caller.tenant)
        while !item.isResolved, !isPastExpiry(item), ContinuousClock.now < deadline {
            do { try await Task.sleep(for: Self.pollInterval) } catch { break }
            item = try await load(id: id, tenant: caller.tenant)
        }
        if !item.isResolved, isPastExpiry(item) {
            _ = try await store { try await queue.expire(now: Date()) }
            item = try await load(id: id, tenant: caller.tenant)
        }
        return try await answer(item)
    }

    /// The client's view of an item: pending (202), the held body (200, once), or a refusal.
    private func answer(_ item: ReviewItem) async throws -> Response {
        guard item.isResolved else {
            var response = try JSONResponse.encode(ReviewState(item), status: .accepted)
            response.headers[.location] = "/v1/reviews/\(item.id)"
            response.headers[.retryAfter] = "2"
            return response
        }
        switch item.resolution {
        case .approve?, .edit?:
            guard let body = item.finalBody else { throw APIError.unavailable }
            guard try await store({ try await queue.markReleased(id: item.id, tenant: item.tenant) }) else {
                throw APIError.gateway(.conflict, type: "invalid_request_error", "review \(item.id) was already released", code: "already_released")
            }
            var response = JSONResponse.bytes(body)
            response.headers[.parapetReviewID] = item.id
            response.headers[.parapetReviewStatus] = item.status.rawValue
            return response
        case .reject?, nil:
            let reason = item.decisions.last { $0.verdict == .reject }?.reasonCode ?? (item.status == .expired ? "expired" : "rejected")
            throw APIError.gateway(
                .unprocessableContent, type: "review_rejected", "a reviewer did not approve this answer (review \(item.id): \(reason))", code: reason)
        }
    }

    private func isPastExpiry(_ item: ReviewItem) -> Bool { item.expiresAt < Date() }

    // MARK: - Reviewers

    func pending(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let limit = request.uri.queryParameters.get("limit").flatMap(Int.init).map { min(max($0, 1), 200) } ?? 50
        let items = try await store { try await queue.pending(tenant: caller.tenant, limit: limit, now: Date()) }
        return try JSONResponse.encode(ReviewList(data: items.map(ReviewView.init)))
    }

    func claim(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = try context.parameters.require("id")
        let result = try await store { try await queue.claim(id: id, tenant: caller.tenant, reviewer: caller.id, lease: lease, now: Date()) }
        switch result {
        case .claimed(let item):
            try await record("review.claim", item: item, caller: caller, context: context, detail: nil)
            return try JSONResponse.encode(ReviewView(item))
        case .heldByOther(_, let until):
            throw APIError.gateway(.conflict, type: "invalid_request_error", "another reviewer holds this item until \(RFC3339.format(until))", code: "held_by_other")
        case .notFound:
            throw APIError.gateway(.notFound, type: "invalid_request_error", "no review item \(id)", code: "not_found")
        case .resolved, .expired:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "review item \(id) is already resolved", code: "resolved")
        case .alreadyDecidedByThisReviewer:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "you have already decided on this item; another reviewer must", code: "already_decided")
        }
    }

    func decide(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = try context.parameters.require("id")
        let input = try await body.decode(DecisionRequest.self, from: request)
        guard !input.reasonCode.isEmpty, input.reasonCode.utf8.count <= 64 else {
            throw APIError.invalidRequest("reason_code must be 1…64 bytes", param: "reason_code", code: "invalid_value")
        }
        var edited: [UInt8]?
        if input.verdict == .edit {
            guard let content = input.editedContent else {
                throw APIError.invalidRequest("an edit needs edited_content", param: "edited_content", code: "missing")
            }
            guard let current = try await store({ try await queue.item(id: id, tenant: caller.tenant) }) else {
                throw APIError.gateway(.notFound, type: "invalid_request_error", "no review item \(id)", code: "not_found")
            }
            edited = HeldAnswer.replacingContent(of: current.suggestion, with: content)
        }
        let decision = ReviewDecision(
            reviewerKeyID: caller.id, senior: caller.role >= .admin, verdict: input.verdict, reasonCode: input.reasonCode,
            comment: input.comment, editedBody: edited, at: Date())
        let outcome = try await store { try await queue.decide(id: id, tenant: caller.tenant, decision: decision, now: Date()) }
        switch outcome {
        case .recorded(let item, _):
            try await record("review.decision", item: item, caller: caller, context: context, detail: input)
            return try JSONResponse.encode(ReviewView(item))
        case .notLeaseHolder:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "claim the item before deciding on it", code: "not_lease_holder")
        case .alreadyDecidedByThisReviewer:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "you have already decided on this item", code: "already_decided")
        case .resolved, .expired:
            throw APIError.gateway(.conflict, type: "invalid_request_error", "review item \(id) is already resolved", code: "resolved")
        case .notFound:
            throw APIError.gateway(.notFound, type: "invalid_request_error", "no review item \(id)", code: "not_found")
        }
    }

    /// An audit record of a reviewer's action (never the content: ids, verdict, reason).
    private func record(_ action: String, item: ReviewItem, caller: APIKey, context: ParapetRequestContext, detail: DecisionRequest?) async throws {
        var json = JSONWriter(capacity: 256)
        json.raw("{\"review\":{")
        json.key("action", first: true)
        json.string(action)
        json.key("id")
        json.string(item.id)
        json.key("status")
        json.string(item.status.rawValue)
        json.key("verdict")
        json.string(detail?.verdict.rawValue)
        json.key("reason_code")
        json.string(detail?.reasonCode)
        json.key("approvals")
        json.int(item.approvals)
        json.key("required_approvals")
        json.int(item.requiredApprovals)
        json.key("held_audit_id")
        json.string(item.auditID)
        json.raw("}}")
        let entry = AuditEntry(
            id: AuditID.make(), time: Date(), requestID: context.requestID, tenant: item.tenant, keyID: caller.id, direction: .output,
            route: item.route, policyVersion: "", action: .review, categories: item.category.map { [$0] } ?? [], findingsJSON: "[]", detectors: [],
            latencyMicroseconds: 0, textHash: "", redactedText: nil, rawText: nil, metadataJSON: json.string)
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("audit of a review action failed: \(error)")
            throw APIError.unavailable
        }
    }

    private func load(id: String, tenant: String) async throws -> ReviewItem {
        guard let item = try await store({ try await queue.item(id: id, tenant: tenant) }) else {
            throw APIError.gateway(.notFound, type: "invalid_request_error", "no review \(id)", code: "not_found")
        }
        return item
    }

    /// A store call; its failure is a 503, logged.
    private func store<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            logger.error("review queue failed: \(error)")
            throw APIError.unavailable
        }
    }

    struct DecisionRequest: Decodable, Sendable {
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
}
