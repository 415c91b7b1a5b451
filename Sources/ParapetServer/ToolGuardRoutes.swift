import Crypto
import Foundation
import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetGuards
import ParapetStore

/// `POST /v1/guard/tool`: one proposed tool call decided by the tool policy (any role), the
/// same way the gateway decides the `tool_calls` of model answers — local rules, the permission
/// service, the tenant's tool kill switches and its counters — and audited (the response is sent
/// once the record is durable):
///
/// ```json
/// {"outcome":"review","reasons":[{"code":"argument_over_limit","outcome":"review","message":"amount 75 exceeds 50 for role agent","argument":"amount"}],
///  "risk":{"irreversible":true,"blast_radius":"single","compliance":"financial"},"counted":false,"latency_us":41,"audit_id":"aud_…"}
/// ```
struct ToolGuardRoutes: Sendable {
    let stage: ToolStage
    let switches: SwitchBoard
    let audit: any AuditRecording
    let body: JSONBody
    let textHashSalt: [UInt8]
    let logger: Logger

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.post("tool") { request, context in try await guardTool(request, context: context) }
    }

    func guardTool(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        let input = try ToolGuardRequest(try await body.object(from: request))
        let started = ContinuousClock.now
        let intent = ToolCallIntent(tool: input.tool, arguments: input.arguments, role: input.role, user: input.user, tenant: key.tenant)
        let (decision, admittedAt) = await stage.decide(intent, disabled: switches.switches(tenant: key.tenant).tools, record: input.record)
        let latency = CallRecord.microseconds(.now - started)
        let auditID = AuditID.make()
        do {
            _ = try await audit.record(entry(id: auditID, input, decision, counted: admittedAt != nil, latency: latency, key: key, requestID: context.requestID))
        } catch {
            // The caller gets no decision, so the call must not count.
            if let admittedAt { stage.release(intent, admittedAt: admittedAt) }
            logger.error("audit of a tool decision failed: \(error)")
            throw APIError.unavailable
        }
        var json = JSONWriter(capacity: 256 + 128 * decision.reasons.count)
        json.raw("{\"outcome\":")
        json.string(decision.outcome.rawValue)
        json.key("reasons")
        decision.writeReasons(to: &json)
        json.key("risk")
        decision.writeRisk(to: &json)
        json.key("counted")
        json.bool(admittedAt != nil)
        json.key("latency_us")
        json.int(latency)
        json.key("audit_id")
        json.string(auditID)
        json.byte(UInt8(ascii: "}"))
        return JSONResponse.bytes(json.bytes)
    }

    /// The audit record: the reason codes as categories, the decision in the metadata (tool,
    /// outcome, role, user, counted, reasons without their messages, which quote argument
    /// values), a salted hash of the tool name and arguments, never the arguments themselves.
    private func entry(
        id: String, _ input: ToolGuardRequest, _ decision: ToolDecision, counted: Bool, latency: Int64, key: APIKey, requestID: String
    ) -> AuditEntry {
        var json = JSONWriter(capacity: 256 + 128 * decision.reasons.count)
        json.raw("{\"tool\":{")
        json.key("name", first: true)
        json.string(input.tool)
        json.key("outcome")
        json.string(decision.outcome.rawValue)
        json.key("role")
        json.string(input.role)
        json.key("user")
        json.string(input.user)
        json.key("counted")
        json.bool(counted)
        json.key("reasons")
        decision.writeReasons(to: &json, messages: false)
        json.raw("}}")
        var hasher = SHA256()
        hasher.update(data: textHashSalt)
        for part in [Array(input.tool.utf8), input.arguments.serialized] {
            withUnsafeBytes(of: UInt64(part.count).bigEndian) { hasher.update(bufferPointer: $0) }
            hasher.update(data: part)
        }
        return AuditEntry(
            id: id, time: Date(), requestID: requestID, tenant: key.tenant, keyID: key.id, direction: .tool, route: nil, policyVersion: "",
            action: decision.auditAction, categories: Array(Set(decision.reasons.map(\.code.rawValue))).sorted(), findingsJSON: "[]",
            detectors: ["tool-policy@1"], latencyMicroseconds: latency, textHash: Hex.encode(hasher.finalize()), redactedText: nil, rawText: nil,
            metadataJSON: json.string)
    }
}
