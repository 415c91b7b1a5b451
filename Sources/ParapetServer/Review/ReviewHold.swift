import Foundation
import Hummingbird
import ParapetCore
import ParapetGateway
import ParapetReview
import ParapetStore

extension GatewayService {
    /// Holds an answer (pre-action approval): the answer goes into the review queue, durably, with
    /// the escalation decision's level, policy (required approvals, senior), priority and fired
    /// triggers, and the client gets `202 Accepted` with the review id and a `Location` to poll
    /// (`GET /v1/reviews/{id}?wait=30`). The audit record says `held_for_review`.
    func hold(
        _ completion: ChatCompletion, request: ChatRequest, record: CallRecord, policy: CompiledPolicy, output: GuardVerdict,
        decision: EscalationDecision, settings: ReviewSettings
    ) async throws -> Response {
        var record = record
        record.outcome = "held_for_review"
        let id = "rev_" + AuditID.make()
        record.escalation = EscalationNote(decision: decision, reviewID: id)
        let auditID = try await write(record, policy: policy, redacted: nil)
        let item = Self.reviewItem(
            id: id, completion: completion, request: request, record: record, decision: decision, settings: settings, output: output,
            auditID: auditID, now: Date())
        do {
            try await reviews.enqueue(item)
        } catch {
            logger.error("review queue failed to hold \(id): \(error)")
            throw APIError.unavailable
        }
        var response = try JSONResponse.encode(ReviewState(item), status: .accepted)
        response.headers[.location] = "/v1/reviews/\(id)"
        GatewayResponses.addHeaders(&response.headers, record: record, auditID: auditID)
        return response
    }

    /// The reply a reviewer approves for a session handed over by the loop breaker, unless they edit it.
    static let sessionHandOffReply = "This conversation has been handed to a person, who will continue it."
    /// The reply a reviewer approves for a call the degradation chain escalated, unless they edit
    /// it (the route's `degrade.reply` when it has one).
    static let degradedHandOffReply = "We could not answer this automatically; a person has reviewed your request."

    /// Hands a call that has no model answer to a person (governance's `review` outcomes): a
    /// review ticket whose suggestion is `reply`, marked as such, for the reviewer to edit into a
    /// real answer, approve as it is, or reject. The client gets `202` and polls like any hold.
    func handOff(request: ChatRequest, record: CallRecord, policy: CompiledPolicy, reason: String, reply: String) async throws -> Response {
        guard let completion = CachedAnswer.staticReply(reply, model: record.modelRequested, requestID: record.requestID) else {
            throw APIError.unavailable
        }
        let settings = router.configuration.routes[record.route]?.review ?? Self.implicitReviewSettings
        let decision = EscalationDecision(
            fired: [FiredTrigger(kind: .handOff, priority: 100, detail: reason)], scores: RiskScores(), level: .medium,
            policy: max(.oneReviewer, settings.policies[.medium]), handoff: .preAction, sampled: false, priority: 1)
        return try await hold(completion, request: request, record: record, policy: policy, output: GuardVerdict(direction: .output), decision: decision, settings: settings)
    }

    /// What a reviewer sees of the request: the messages after the input guard (redacted where it
    /// redacted), the route and the sampling parameters.
    static func reviewRequestSummary(_ request: ChatRequest, record: CallRecord) -> [UInt8] {
        let messages = request.texts().map { text -> JSON in .object(["role": .string(text.role), "content": .string(text.text)]) }
        var summary: JSONObject = ["route": .string(record.route), "messages": .array(messages)]
        if let temperature = record.temperature { summary["temperature"] = .number(temperature) }
        return JSON.object(summary).serialized
    }
}
