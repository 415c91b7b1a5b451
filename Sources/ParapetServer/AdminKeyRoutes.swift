import Foundation
import Hummingbird
import ParapetStore

/// `POST /v1/admin/keys`, `GET /v1/admin/keys`, `DELETE /v1/admin/keys/{id}`, scoped to the
/// caller's tenant.
struct AdminKeyRoutes: Sendable {
    let store: any KeyStore
    let authenticator: KeyAuthenticator
    let body: JSONBody

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.post("keys") { request, context in try await create(request, context: context) }
        group.get("keys") { _, context in
            let key = try context.requireKey()
            let keys = try await store.keys(tenant: key.tenant)
            return try JSONResponse.encode(KeyList(data: keys.map { KeyResponse($0) }))
        }
        group.delete("keys/{id}") { _, context in try await revoke(context: context) }
    }

    func create(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let input = try await body.decode(CreateKeyRequest.self, from: request)
        if let tenant = input.tenant, tenant != caller.tenant {
            throw APIError.permission("an admin can create keys only for its own tenant", param: "tenant")
        }
        let minted = KeyMinter.mint(tenant: caller.tenant, role: input.role, name: input.name)
        try await store.insert(minted.key)
        return try JSONResponse.encode(KeyResponse(minted.key, secret: minted.secret), status: .created)
    }

    func revoke(context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let id = context.parameters.get("id") ?? ""
        if id == caller.id {
            throw APIError.conflict("a key cannot revoke itself; use another admin key", param: "id")
        }
        guard let revoked = try await store.revoke(id: id, tenant: caller.tenant, at: Date()) else {
            throw APIError.notFound("no such key in this tenant", param: "id")
        }
        authenticator.evict(keyID: revoked.id)
        return try JSONResponse.encode(KeyResponse(revoked))
    }
}
