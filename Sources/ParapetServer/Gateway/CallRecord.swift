import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ParapetCore
import ParapetGateway
import ParapetStore

/// Everything the audit record of one gateway call holds (the seeds' per-call list), filled in
/// as the call goes: who asked, what was asked (sampling parameters, never the text), which
/// target served it after how many attempts, tokens, cost, latency, time to first token, finish
/// reason, and what the guards found and did.
struct CallRecord: Sendable {
    var api: InboundAPI
    var requestID: String
    var traceID: String
    var tenant: String
    var keyID: String
    var route: String
    var modelRequested: String
    var stream: Bool
    var temperature: Double?
    var topP: Double?
    var maxTokens: Int?
    var seed: Int?
    var user: String?
    var feature: String?
    var environment: String?
    var session: String?
    /// The end user's application role (`x-parapet-role`: `agent`, `manager`), for tool rules.
    var role: String?
    /// What the call decides about (`x-parapet-subject`: an order, an account), for escalation.
    var subject: String?
    var textHash: String
    var started: ContinuousClock.Instant
    var time = Date()

    var input: GuardVerdict?
    var output: GuardVerdict?
    var target: RouteConfiguration.Target?
    var history: [AttemptRecord] = []
    var usedFallback = false
    var usage: Usage?
    var finishReason: String?
    var firstToken: ContinuousClock.Instant?
    /// `ok`, `blocked_input`, `blocked_output`, `guard_unavailable`, `upstream_error`,
    /// `stream_cut`, `stream_violation`, `client_disconnected`, `held_for_review`, `abstained`,
    /// `invalid_output`, `tool_denied`.
    var outcome = "ok"
    var errorKind: String?
    /// Budgets, caches, limits and degradation.
    var governance = GovernanceNote()
    /// What the escalation engine decided and the review item it led to, if it ran.
    var escalation: EscalationNote?
    /// The tool policy's decisions on the answer's tool calls (a JSON array), if it ran.
    var toolDecisions: [UInt8]?
    /// Validation, confidence and grounding.
    var quality = QualityNote()
    /// Whether a streaming client asked for the usage chunk.
    var includeUsage: Bool

    init(api: InboundAPI, request: ChatRequest, route: RouteConfiguration, key: APIKey, requestID: String, headers: HTTPFields, salt: [UInt8]) {
        self.api = api
        self.requestID = requestID
        self.traceID = Self.traceID(headers) ?? requestID
        self.tenant = key.tenant
        self.keyID = key.id
        self.route = route.name
        self.modelRequested = request.model
        self.stream = request.stream
        self.includeUsage = request.includeUsage
        self.temperature = request.temperature
        self.topP = request.topP
        self.maxTokens = request.maxTokens
        self.seed = request.seed
        self.user = Self.header(headers, "x-parapet-user") ?? request.user
        self.feature = Self.header(headers, "x-parapet-feature")
        self.environment = Self.header(headers, "x-parapet-environment")
        self.session = Self.header(headers, "x-parapet-session")
        self.role = Self.header(headers, "x-parapet-role")
        self.subject = Self.header(headers, "x-parapet-subject")
        self.started = .now
        var hasher = SHA256()
        hasher.update(data: salt)
        for text in request.texts() {
            withUnsafeBytes(of: UInt64(text.text.utf8.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: Array(text.text.utf8))
        }
        self.textHash = Hex.encode(hasher.finalize())
    }

    static func header(_ headers: HTTPFields, _ name: String) -> String? {
        guard let field = HTTPField.Name(name), let value = headers[field], !value.isEmpty else { return nil }
        return String(value.prefix(200))
    }

    /// The trace id of a W3C `traceparent` header (`00-<32 hex>-<16 hex>-<2 hex>`).
    static func traceID(_ headers: HTTPFields) -> String? {
        guard let value = header(headers, "traceparent") else { return nil }
        let parts = value.split(separator: "-")
        guard parts.count == 4, parts[1].utf8.count == 32, Hex.decode(String(parts[1])) != nil else { return nil }
        return String(parts[1])
    }

    var action: Action {
        max(input?.action ?? .allow, output?.action ?? .allow)
    }

    var cost: Double? {
        guard let usage, let target, let inputPrice = target.inputPricePerMillion, let outputPrice = target.outputPricePerMillion else { return nil }
        let cached = Double(usage.cached)
        let cachedPrice = target.cachedInputPricePerMillion ?? inputPrice
        let input = Double(usage.input) - cached
        return (max(0, input) * inputPrice + cached * cachedPrice + Double(usage.output) * outputPrice) / 1_000_000
    }

    /// The audit entry; `metadata` carries the call's fields as one JSON object.
    func entry(id: String, policyVersion: String, redactedText: String?) -> AuditEntry {
        let items = (input?.items ?? []) + (output?.items ?? [])
        let elapsed = ContinuousClock.now - started
        return AuditEntry(
            id: id, time: time, requestID: requestID, tenant: tenant, keyID: keyID, direction: .input, route: route,
            policyVersion: policyVersion, action: action, categories: Array(Set(items.map(\.finding.category.rawValue))).sorted(),
            findingsJSON: Self.findingsJSON(items), detectors: input?.detectors ?? output?.detectors ?? [],
            latencyMicroseconds: Self.microseconds(elapsed), textHash: textHash, redactedText: redactedText, rawText: nil,
            metadataJSON: metadataJSON(elapsed: elapsed))
    }

    static func microseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return max(0, seconds * 1_000_000 + attoseconds / 1_000_000_000_000)
    }

    static func findingsJSON(_ items: [GuardVerdict.Item]) -> String {
        AuditFindings.json(items.map {
            AuditFindings.Entry(finding: $0.finding, action: $0.action, direction: $0.direction, messageIndex: $0.messageIndex, choiceIndex: $0.choiceIndex)
        })
    }

    func metadataJSON(elapsed: Duration) -> String {
        var json = JSONWriter(capacity: 768)
        json.raw("{\"call\":{")
        json.key("api", first: true)
        json.string(api.rawValue)
        json.key("trace_id")
        json.string(traceID)
        json.key("outcome")
        json.string(outcome)
        json.key("error")
        json.string(errorKind)
        json.key("model_requested")
        json.string(modelRequested)
        json.key("model_served")
        json.string(target?.model)
        json.key("provider")
        json.string(target?.provider)
        json.key("target")
        json.string(target?.id)
        json.key("attempts")
        json.int(history.count)
        json.key("attempt_history")
        json.byte(UInt8(ascii: "["))
        for (i, attempt) in history.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(UInt8(ascii: "{"))
            json.key("target", first: true)
            json.string(attempt.targetID)
            json.key("error")
            json.string(attempt.error?.rawValue)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        json.key("fallback")
        json.bool(usedFallback)
        json.key("stream")
        json.bool(stream)
        json.key("tokens")
        json.raw("{")
        json.key("input", first: true)
        optionalInt(&json, usage?.input)
        json.key("output")
        optionalInt(&json, usage?.output)
        json.key("cached")
        optionalInt(&json, usage?.cached)
        json.key("reasoning")
        optionalInt(&json, usage?.reasoning)
        json.raw("}")
        json.key("cost_usd")
        if let cost { json.double(cost) } else { json.null() }
        json.key("latency_ms")
        json.double(Double(Self.microseconds(elapsed)) / 1_000)
        json.key("ttft_ms")
        if let firstToken { json.double(Double(Self.microseconds(firstToken - started)) / 1_000) } else { json.null() }
        json.key("temperature")
        if let temperature { json.double(temperature) } else { json.null() }
        json.key("top_p")
        if let topP { json.double(topP) } else { json.null() }
        json.key("max_tokens")
        optionalInt(&json, maxTokens)
        json.key("seed")
        optionalInt(&json, seed)
        json.key("finish_reason")
        json.string(finishReason)
        json.key("guard_failed_open")
        json.bool((input?.failedOpen ?? false) || (output?.failedOpen ?? false))
        json.key("user")
        json.string(user)
        json.key("feature")
        json.string(feature)
        json.key("environment")
        json.string(environment)
        json.key("session")
        json.string(session)
        governance.write(to: &json)
        if !quality.isEmpty { quality.write(to: &json) }
        escalation?.write(to: &json)
        if let toolDecisions {
            json.key("tools")
            json.appendJSON(toolDecisions)
        }
        json.raw("}}")
        return json.string
    }

    private func optionalInt(_ json: inout JSONWriter, _ value: Int?) {
        if let value { json.int(value) } else { json.null() }
    }
}
