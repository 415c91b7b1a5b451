import Foundation
import Hummingbird
import ParapetCore
import ParapetGateway
import ParapetStore

extension GatewayService {
    /// How long a held answer waits for a reviewer before it resolves to its `onExpiry` (4 h).
    static let reviewExpiry: TimeInterval = 4 * 3_600

    /// Holds an answer in the review tier (pre-action approval): the answer goes into the review
    /// queue, durably, and the client gets `202 Accepted` with the review id and a `Location` to
    /// poll (`GET /v1/reviews/{id}?wait=30`). The audit record says `held_for_review`.
    func hold(_ completion: ChatCompletion, request: ChatRequest, record: CallRecord, policy: CompiledPolicy, output: GuardVerdict) async throws -> Response {
        var record = record
        record.outcome = "held_for_review"
        let auditID = try await write(record, policy: policy, redacted: nil)
        let id = "rev_" + AuditID.make()
        let now = Date()
        let confidence = record.quality.confidence
        let urgency = confidence.flatMap { assessment in
            assessment.calibrated.map { score in
                let width = max(assessment.thresholds.auto - assessment.thresholds.reject, 1e-9)
                return min(1, max(0, (score - assessment.thresholds.reject) / width))
            }
        } ?? 0.5
        let item = ReviewItem(
            id: id, tenant: record.tenant, route: record.route, kind: .preAction, level: .medium, priority: urgency, requiredApprovals: 1,
            requiresSenior: false, createdAt: now, expiresAt: now.addingTimeInterval(Self.reviewExpiry), onExpiry: .reject, taskType: record.feature,
            subject: nil, user: record.user, category: output.items.first?.finding.category.rawValue,
            request: Self.reviewRequestSummary(request, record: record), suggestion: JSON.object(completion.json).serialized,
            confidence: confidence?.calibrated, findings: Array(CallRecord.findingsJSON(output.items).utf8),
            triggers: Array(#"[{"kind":"confidence_band","priority":50,"detail":"review tier"}]"#.utf8), reasoning: Self.reviewReason(record.quality),
            auditID: auditID)
        do {
            try await reviews.enqueue(item)
        } catch {
            logger.error("review queue failed to hold \(id): \(error)")
            throw APIError.unavailable
        }
        var response = try JSONResponse.encode(ReviewState(item), status: .accepted)
        response.headers[.location] = "/v1/reviews/\(id)"
        response.headers[.parapetReviewID] = id
        GatewayResponses.addHeaders(&response.headers, record: record, auditID: auditID)
        return response
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
