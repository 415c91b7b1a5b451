import Hummingbird
import ParapetCore
import ParapetGateway

/// Response building for the gateway: bodies in the inbound API's shape, the `x-parapet-*`
/// headers, and errors mapped from guard verdicts and failed calls.
enum GatewayResponses {
    static func addHeaders(_ headers: inout HTTPFields, requestID: String, target: String?, attempts: Int, fallback: Bool, auditID: String?) {
        headers[.parapetRequestID] = requestID
        if let target { headers[.parapetTarget] = target }
        headers[.parapetAttempts] = String(attempts)
        headers[.parapetFallback] = fallback ? "true" : "false"
        if let auditID { headers[.parapetAuditID] = auditID }
    }

    static func addHeaders(_ headers: inout HTTPFields, record: CallRecord, auditID: String?) {
        addHeaders(&headers, requestID: record.requestID, target: record.target?.id, attempts: record.history.count, fallback: record.usedFallback, auditID: auditID)
        let note = record.governance
        if let cache = note.cache { headers[.parapetCache] = cache }
        if let similarity = note.similarity { headers[.parapetCacheSimilarity] = String((similarity * 10_000).rounded() / 10_000) }
        if let last = note.degraded.last { headers[.parapetDegraded] = last }
        if note.downgradedFrom != nil { headers[.parapetRoute] = record.route }
        let quality = record.quality
        if let validation = quality.validation { headers[.parapetValidation] = validation.outcome }
        if let confidence = quality.confidence {
            headers[.parapetTier] = confidence.tier.rawValue
            if let score = confidence.calibrated { headers[.parapetConfidence] = String((score * 10_000).rounded() / 10_000) }
        }
        if let grounding = quality.grounding { headers[.parapetGrounding] = String((grounding.score * 10_000).rounded() / 10_000) }
        if let escalation = record.escalation, let reviewID = escalation.reviewID {
            headers[.parapetReviewID] = reviewID
            headers[.parapetReviewStatus] = escalation.decision.handoff == .postAudit ? "post_audit" : "pending"
        }
    }

    static func completion(_ completion: ChatCompletion, auditID: String, record: CallRecord, api: InboundAPI) throws -> Response {
        let body: [UInt8]
        switch api {
        case .openai:
            body = JSON.object(completion.json).serialized
        case .anthropic:
            do {
                body = try AnthropicTranslation.messageResponse(from: completion, model: record.modelRequested).serialized
            } catch {
                return Self.error(APIError.gateway(.badGateway, type: "upstream_error", "the upstream answer cannot be expressed as a Messages response: \(error.message)", code: "malformed_response"), api: api, record: record, auditID: auditID)
            }
        }
        var response = JSONResponse.bytes(body)
        addHeaders(&response.headers, record: record, auditID: auditID)
        return response
    }

    /// 400 `guardrail_blocked`, `code` = the blocking category (or `guard_unavailable`).
    static func blocked(_ verdict: GuardVerdict, auditID: String, record: CallRecord, api: InboundAPI) -> Response {
        let error: APIError
        if let item = verdict.blockingItem {
            let category = item.finding.category.rawValue
            let param = item.messageIndex.map { "messages[\($0)]" } ?? item.choiceIndex.map { "choices[\($0)]" }
            let what = verdict.direction == .input ? "the request" : "the model's answer"
            error = .gateway(.badRequest, type: "guardrail_blocked", "\(what) was blocked by the guardrail policy (\(category))", param: param, code: category)
        } else {
            error = .gateway(.serviceUnavailable, type: "guardrail_unavailable", "a guard failed or timed out and this route fails closed; retry later", code: "guard_unavailable")
        }
        return Self.error(error, api: api, record: record, auditID: auditID)
    }

    static func failure(_ failure: GatewayFailure, auditID: String, record: CallRecord, api: InboundAPI) -> Response {
        var response = Self.error(apiError(failure), api: api, record: record, auditID: auditID)
        if failure.error.kind == .rateLimited, let retryAfter = failure.error.retryAfter {
            response.headers[.retryAfter] = String(Int(retryAfter.rounded(.up)))
        }
        return response
    }

    /// The caller's error for a call that failed on every attempt.
    static func apiError(_ failure: GatewayFailure) -> APIError {
        let error = failure.error
        let detail = "\(error.message) (\(failure.reason); \(failure.history.count) attempt\(failure.history.count == 1 ? "" : "s"))"
        switch error.kind {
        case .clientError:
            let status = error.status.flatMap { (400..<500).contains($0) ? HTTPResponse.Status(code: $0) : nil } ?? .badRequest
            return .gateway(status, type: "invalid_request_error", detail, code: "upstream_rejected")
        case .contextLength:
            return .gateway(.badRequest, type: "invalid_request_error", detail, param: "messages", code: "context_length_exceeded")
        case .contentFilter:
            return .gateway(.badRequest, type: "content_filter", detail, code: "content_filter")
        case .rateLimited:
            return .gateway(.tooManyRequests, type: "rate_limit_error", detail, code: "upstream_rate_limited")
        case .timeout:
            return .gateway(.gatewayTimeout, type: "timeout_error", detail, code: "upstream_timeout")
        case .serverError, .connection, .malformedResponse:
            if case .noTargetAvailable = failure.reason {
                return .gateway(.serviceUnavailable, type: "upstream_error", detail, code: "no_target_available")
            }
            return .gateway(.badGateway, type: "upstream_error", detail, code: error.kind.rawValue)
        }
    }

    static func error(_ error: APIError, api: InboundAPI, record: CallRecord? = nil, auditID: String? = nil) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if let record { addHeaders(&headers, record: record, auditID: auditID) }
        return Response(status: error.status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: error.body(anthropic: api == .anthropic))))
    }

    /// A `text/event-stream` response whose body `write` produces.
    static func eventStream(record: CallRecord, auditID: String?, _ write: @escaping @Sendable (inout any ResponseBodyWriter) async throws -> Void) -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "text/event-stream"
        headers[.cacheControl] = "no-cache"
        addHeaders(&headers, record: record, auditID: auditID)
        return Response(status: .ok, headers: headers, body: ResponseBody { writer in
            try await write(&writer)
            try await writer.finish(nil)
        })
    }
}
