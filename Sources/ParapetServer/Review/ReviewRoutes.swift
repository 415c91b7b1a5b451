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
/// reviewer action is an audit record. The reviewer actions are `ReviewDesk`'s, shared with the
/// console.
struct ReviewRoutes: Sendable {
    let queue: any ReviewQueue
    let audit: any AuditRecording
    let body: JSONBody
    let logger: Logger
    /// How long a claim holds an item.
    var lease: Duration = ReviewDesk.defaultLease
    /// Routes whose `review: { lease_s }` sets another lease.
    var routeLeases: [String: Duration] = [:]
    /// The longest `wait` a client may ask for.
    static let maxWait = 60
    /// How often a long poll looks at the store (holds may be decided by another instance).
    static let pollInterval: Duration = .milliseconds(200)

    /// The reviewer actions behind these routes; the console shares it (same calls, records, errors).
    var desk: ReviewDesk { ReviewDesk(queue: queue, audit: audit, logger: logger, lease: lease, routeLeases: routeLeases) }

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
            _ = try await desk.store { try await queue.expire(now: Date()) }
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
            guard try await desk.store({ try await queue.markReleased(id: item.id, tenant: item.tenant) }) else {
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
        let items = try await desk.pending(tenant: caller.tenant, limit: limit)
        return try JSONResponse.encode(ReviewList(data: items.map(ReviewView.init)))
    }

    func claim(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = try context.parameters.require("id")
        let item = try await desk.claim(id: id, caller: caller, requestID: context.requestID)
        return try JSONResponse.encode(ReviewView(item))
    }

    func decide(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = try context.parameters.require("id")
        let input = try await body.decode(ReviewDesk.DecisionInput.self, from: request)
        let item = try await desk.decide(id: id, input: input, caller: caller, requestID: context.requestID)
        return try JSONResponse.encode(ReviewView(item))
    }

    /// The item as a client asks for it (404 `no review …` when the tenant has none).
    private func load(id: String, tenant: String) async throws -> ReviewItem {
        guard let item = try await desk.store({ try await queue.item(id: id, tenant: tenant) }) else {
            throw APIError.gateway(.notFound, type: "invalid_request_error", "no review \(id)", code: "not_found")
        }
        return item
    }
}
