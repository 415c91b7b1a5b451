import Foundation
import Hummingbird
import ParapetCore
import ParapetStore

/// `POST /v1/admin/policy?name=…` (validate, store, swap) and `GET /v1/admin/policy?name=…`.
struct AdminPolicyRoutes: Sendable {
    let store: any PolicyStore
    let registry: PolicyRegistry
    let body: JSONBody

    static let mediaTypes: Set<String> = ["application/yaml", "application/x-yaml", "text/yaml", "text/x-yaml", "text/plain", "application/json"]

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.post("policy") { request, context in try await upload(request, context: context) }
        group.get("policy") { request, context in try await show(request, context: context) }
    }

    func upload(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let name = try Self.name(from: request)
        let contentType = request.headers[.contentType].map { Self.mediaType($0) } ?? ""
        guard Self.mediaTypes.contains(contentType) else {
            throw APIError.unsupportedMediaType(
                "send the policy as application/yaml, text/yaml, text/plain or application/json")
        }
        let buffer = try await body.collect(request)
        let bytes = Data(buffer.readableBytesView)
        guard !bytes.isEmpty else { throw APIError.invalidRequest("the policy document is empty", code: "empty_body") }
        guard JSONBody.isValidUTF8(bytes) else {
            throw APIError.invalidRequest("the policy document is not valid UTF-8", code: "invalid_utf8")
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let compiled: CompiledPolicy
        do {
            compiled = try registry.compile(yaml: text)
        } catch {
            let lines = error.errors.map(\.description)
            throw APIError.invalidRequest(
                "invalid policy:\n" + lines.joined(separator: "\n"), param: error.errors.first?.path.description, code: "invalid_policy")
        }
        let now = Date()
        try await store.put(StoredPolicy(tenant: caller.tenant, name: name, yaml: text, version: compiled.version, updatedAt: now))
        registry.install(compiled, tenant: caller.tenant, name: name)
        return try JSONResponse.encode(
            PolicyResponse(name: name, version: compiled.version, origin: "stored", document: nil, updatedAt: RFC3339.format(now)))
    }

    func show(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let name = try Self.name(from: request)
        if let stored = try await store.policy(tenant: caller.tenant, name: name) {
            return try JSONResponse.encode(
                PolicyResponse(name: name, version: stored.version, origin: "stored", document: stored.yaml, updatedAt: RFC3339.format(stored.updatedAt)))
        }
        guard let compiled = registry.policy(tenant: caller.tenant, name: name) else {
            throw APIError.notFound("no policy named \(name) in this tenant", param: "name")
        }
        return try JSONResponse.encode(PolicyResponse(name: name, version: compiled.version, origin: "base", document: nil, updatedAt: nil))
    }

    /// The `name` query parameter (default `default`); 400 unless it is a valid policy name and the
    /// only parameter.
    static func name(from request: Request) throws -> String {
        var name = PolicyRegistry.defaultName
        for (key, value) in request.uri.queryParameters {
            guard key == "name" else {
                throw APIError.invalidRequest("unknown query parameter \(key)", param: String(key), code: "unknown_parameter")
            }
            name = String(value)
        }
        guard PolicyName.isValid(name) else {
            throw APIError.invalidRequest("name must be 1…64 characters of a-z, 0-9, _, - and .", param: "name", code: "invalid_value")
        }
        return name
    }

    /// `application/yaml; charset=utf-8` → `application/yaml`.
    static func mediaType(_ header: String) -> String {
        let base = header.split(separator: ";", maxSplits: 1).first.map(String.init) ?? header
        return base.trimmingCharacters(in: .whitespaces).lowercased()
    }
}
