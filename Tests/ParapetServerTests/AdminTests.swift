import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetServer
import ParapetStore
import Testing

@Suite struct AdminTests {
    @Test func createListAndRevokeKeys() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let created = try await client.execute(
                uri: "/v1/admin/keys", method: .post, headers: t.auth("adminA"), body: body(#"{"role":"client","name":"ci"}"#))
            #expect(created.status == .created)
            let key = try object(created)
            let secret = try #require(key["secret"] as? String)
            let id = try #require(key["id"] as? String)
            #expect(key["tenant"] as? String == "tenant-a")
            #expect(key["role"] as? String == "client")
            #expect(key["hash"] == nil)

            // The new key works.
            var headers = HTTPFields()
            headers[.authorization] = "Bearer \(secret)"
            let guarded = try await client.execute(
                uri: "/v1/guard", method: .post, headers: headers, body: body(#"{"direction":"input","text":"hi"}"#))
            #expect(guarded.status == .ok)

            let list = try await client.execute(uri: "/v1/admin/keys", method: .get, headers: t.auth("adminA"))
            let keys = try #require(try object(list)["data"] as? [[String: Any]])
            #expect(keys.count == 5)   // TestServer's four of tenant-a, and the one just created
            #expect(keys.allSatisfy { $0["tenant"] as? String == "tenant-a" && $0["secret"] == nil && $0["hash"] == nil })
            #expect(!text(list).contains(secret))

            let revoked = try await client.execute(uri: "/v1/admin/keys/\(id)", method: .delete, headers: t.auth("adminA"))
            #expect(revoked.status == .ok)
            let again = try await client.execute(uri: "/v1/admin/keys/\(id)", method: .delete, headers: t.auth("adminA"))
            #expect(again.status == .ok)
            let unknown = try await client.execute(uri: "/v1/admin/keys/key_0000000000000000", method: .delete, headers: t.auth("adminA"))
            #expect(unknown.status == .notFound)
            #expect(try errorObject(unknown)["param"] as? String == "id")
        }
    }

    @Test func adminCannotRevokeItself() async throws {
        let t = try await TestServer()
        let own = try #require(t.keys["adminA"]?.id)
        try await t.app.test(.router) { client in
            let response = try await client.execute(uri: "/v1/admin/keys/\(own)", method: .delete, headers: t.auth("adminA"))
            #expect(response.status == .conflict)
            #expect(try errorObject(response)["type"] as? String == "conflict_error")
        }
    }

    @Test func createKeyValidation() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            for (payload, param) in [
                (#"{"role":"root","name":"x"}"#, "role"), (#"{"name":"x"}"#, "role"), (#"{"role":"client"}"#, "name"),
                (#"{"role":"client","name":""}"#, "name"), (#"{"role":"client","name":"x","scope":"all"}"#, "scope"),
            ] {
                let response = try await client.execute(uri: "/v1/admin/keys", method: .post, headers: t.auth("adminA"), body: body(payload))
                #expect(response.status == .badRequest, "\(payload)")
                #expect(try errorObject(response)["param"] as? String == param, "\(payload)")
            }
            let same = try await client.execute(
                uri: "/v1/admin/keys", method: .post, headers: t.auth("adminA"), body: body(#"{"role":"client","name":"x","tenant":"tenant-a"}"#))
            #expect(same.status == .created)
        }
    }

    @Test func readinessAndHealth() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            #expect(try object(health)["status"] as? String == "ok")
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .ok)
            let doc = try await client.execute(uri: "/openapi.json", method: .get)
            #expect(doc.status == .ok)
            #expect(try object(doc)["openapi"] as? String == "3.1.0")
        }
    }

    @Test func storeFailuresAre503WithoutInternals() async throws {
        var failing = ParapetStores.inMemory()
        failing.keys = FailingKeyStore()
        let t = try await TestServer(stores: failing)
        try await t.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: body(#"{"direction":"input","text":"hi"}"#))
            #expect(response.status == .serviceUnavailable)
            let error = try errorObject(response)
            #expect(error["type"] as? String == "service_unavailable")
            #expect(!(error["message"] as? String ?? "").contains("disk"))
            #expect(try await client.execute(uri: "/readyz", method: .get).status == .serviceUnavailable)
            #expect(try await client.execute(uri: "/healthz", method: .get).status == .ok)
        }
    }
}

/// A key store whose lookups fail as a broken database would (inserts work, for the fixture).
actor FailingKeyStore: KeyStore {
    private let inner = InMemoryKeyStore()
    func insert(_ key: APIKey) async throws { try await inner.insert(key) }
    func key(hash: [UInt8]) throws -> APIKey? { throw StoreError(.unavailable, "disk I/O error at /var/lib/parapet") }
    func key(id: String) throws -> APIKey? { throw StoreError(.unavailable, "disk I/O error") }
    func keys(tenant: String) throws -> [APIKey] { throw StoreError(.unavailable, "disk I/O error") }
    func revoke(id: String, tenant: String, at: Date) throws -> APIKey? { throw StoreError(.unavailable, "disk I/O error") }
    func count() throws -> Int { throw StoreError(.unavailable, "disk I/O error") }
}
