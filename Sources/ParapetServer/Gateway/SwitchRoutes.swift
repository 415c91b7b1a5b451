import Foundation
import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetStore

/// Kill switches, per tenant, effective with the next call and audited:
/// `GET /v1/admin/switches`, `POST /v1/admin/switches` (`{kind, name, value?, reason}`),
/// `DELETE /v1/admin/switches/{kind}/{name}`; and `GET /v1/admin/governance` (switches and
/// semantic cache counters).
struct SwitchRoutes: Sendable {
    let governance: Governance
    let audit: any AuditRecording
    let body: JSONBody
    let logger: Logger

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.get("switches") { _, context in try await list(context: context) }
        group.post("switches") { request, context in try await set(request, context: context) }
        group.delete("switches/{kind}/{name}") { _, context in try await remove(context: context) }
        group.get("governance") { _, context in try await overview(context: context) }
    }

    func list(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let switches = try await stored(tenant: caller.tenant)
        return try JSONResponse.encode(SwitchList(data: switches.map(SwitchResponse.init)))
    }

    func set(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let input = try await body.decode(SetSwitchRequest.self, from: request)
        let item = KillSwitch(
            tenant: caller.tenant, kind: input.kind, name: input.name, value: input.value ?? "", reason: input.reason, keyID: caller.id, createdAt: Date())
        do {
            try await governance.switchStore.put(item)
        } catch {
            logger.error("switch store failed: \(error)")
            throw APIError.unavailable
        }
        try await refresh(tenant: caller.tenant)
        try await record(item, operation: "set", context: context)
        return try JSONResponse.encode(SwitchResponse(item), status: .ok)
    }

    func remove(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let kindText = context.parameters.get("kind") ?? ""
        guard let kind = KillSwitch.Kind(rawValue: kindText) else {
            throw APIError.invalidRequest("kind must be one of \(KillSwitch.Kind.allCases.map(\.rawValue).joined(separator: ", "))", param: "kind", code: "invalid_value")
        }
        let name = context.parameters.get("name") ?? ""
        let existed: Bool
        do {
            existed = try await governance.switchStore.remove(tenant: caller.tenant, kind: kind, name: name)
        } catch {
            logger.error("switch store failed: \(error)")
            throw APIError.unavailable
        }
        guard existed else { throw APIError.notFound("no \(kind.rawValue) switch named \(name) in this tenant", param: "name") }
        try await refresh(tenant: caller.tenant)
        let item = KillSwitch(tenant: caller.tenant, kind: kind, name: name, value: "", reason: "", keyID: caller.id, createdAt: Date())
        try await record(item, operation: "remove", context: context)
        return Response(status: .noContent)
    }

    func overview(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let switches = try await stored(tenant: caller.tenant)
        return try JSONResponse.encode(Overview(switches: switches.map(SwitchResponse.init), semanticCache: governance.semantic.stats()))
    }

    private func stored(tenant: String) async throws -> [KillSwitch] {
        do {
            return try await governance.switchStore.switches(tenant: tenant)
        } catch {
            logger.error("switch store failed: \(error)")
            throw APIError.unavailable
        }
    }

    /// Reloads the tenant's switches from the store into the board the call path reads.
    private func refresh(tenant: String) async throws {
        governance.switches.replace(tenant: tenant, with: try await stored(tenant: tenant))
    }

    /// One audit record per change: who, what, why.
    private func record(_ item: KillSwitch, operation: String, context: ParapetRequestContext) async throws {
        var json = JSONWriter(capacity: 256)
        json.raw("{\"switch\":{")
        json.key("operation", first: true)
        json.string(operation)
        json.key("kind")
        json.string(item.kind.rawValue)
        json.key("name")
        json.string(item.name)
        json.key("value")
        json.string(item.value)
        json.key("reason")
        json.string(item.reason)
        json.raw("}}")
        let entry = AuditEntry(
            id: AuditID.make(), time: item.createdAt, requestID: context.requestID, tenant: item.tenant, keyID: item.keyID, direction: .input,
            route: item.kind == .route ? item.name : nil, policyVersion: "", action: .allow, categories: [], findingsJSON: "[]", detectors: [],
            latencyMicroseconds: 0, textHash: "", redactedText: nil, rawText: nil, metadataJSON: json.string)
        do {
            _ = try await audit.record(entry)
        } catch {
            logger.error("audit of a switch change failed: \(error)")
            throw APIError.unavailable
        }
    }

    struct SwitchList: Encodable {
        var object = "list"
        var data: [SwitchResponse]
    }

    struct Overview: Encodable {
        var switches: [SwitchResponse]
        var semanticCache: [String: SemanticCache.Stats]

        enum CodingKeys: String, CodingKey {
            case switches
            case semanticCache = "semantic_cache"
        }
    }
}

struct SwitchResponse: Encodable {
    var kind: String
    var name: String
    var value: String?
    var reason: String
    var keyID: String
    var createdAt: String

    init(_ item: KillSwitch) {
        kind = item.kind.rawValue
        name = item.name
        value = item.value.isEmpty ? nil : item.value
        reason = item.reason
        keyID = item.keyID
        createdAt = RFC3339.format(item.createdAt)
    }

    enum CodingKeys: String, CodingKey {
        case kind, name, value, reason
        case keyID = "key_id"
        case createdAt = "created_at"
    }
}

/// The body of `POST /v1/admin/switches`.
struct SetSwitchRequest: Decodable, Sendable {
    var kind: KillSwitch.Kind
    var name: String
    var value: String?
    var reason: String

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var kind: KillSwitch.Kind?
        var name: String?
        var value: String?
        var reason: String?
        for key in container.allKeys {
            switch key.stringValue {
            case "kind":
                let raw = try container.decode(String.self, forKey: key)
                guard let parsed = KillSwitch.Kind(rawValue: raw) else {
                    throw APIError.invalidRequest(
                        "kind must be one of \(KillSwitch.Kind.allCases.map(\.rawValue).joined(separator: ", "))", param: "kind", code: "invalid_value")
                }
                kind = parsed
            case "name": name = try container.decode(String.self, forKey: key)
            case "value": value = try container.decodeIfPresent(String.self, forKey: key)
            case "reason": reason = try container.decode(String.self, forKey: key)
            default: throw GuardRequest.unknownField(key, in: decoder)
            }
        }
        guard let kind else { throw GuardRequest.missingField("kind", in: decoder) }
        guard let name else { throw GuardRequest.missingField("name", in: decoder) }
        guard let reason else { throw GuardRequest.missingField("reason", in: decoder) }
        guard !name.isEmpty, name.utf8.count <= 256 else {
            throw APIError.invalidRequest("name must be 1…256 bytes", param: "name", code: "invalid_value")
        }
        guard !reason.isEmpty, reason.utf8.count <= 1_024 else {
            throw APIError.invalidRequest("reason must be 1…1024 bytes", param: "reason", code: "invalid_value")
        }
        if kind == .failMode {
            guard let value, FailMode(rawValue: value) != nil else {
                throw APIError.invalidRequest("a fail_mode switch needs value open or closed", param: "value", code: "invalid_value")
            }
        } else if value != nil {
            throw APIError.invalidRequest("value is only for fail_mode switches", param: "value", code: "invalid_value")
        }
        self.kind = kind
        self.name = name
        self.value = value
        self.reason = reason
    }
}
