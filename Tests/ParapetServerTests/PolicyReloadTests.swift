import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetServer
import ParapetStore
import Testing

@Suite struct PolicyReloadTests {
    private func guardEmail(_ client: any TestClientProtocol, _ t: TestServer) async throws -> [String: Any] {
        try object(try await client.execute(
            uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: body(#"{"direction":"input","text":"mail jane@example.org"}"#)))
    }

    @Test func invalidPolicyIsRefusedAndValidOneSwapsIn() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let before = try await guardEmail(client, t)
            #expect(before["action"] as? String == "redact")
            #expect(before["policy_version"] as? String == "builtin-1")

            let bad = try await client.execute(
                uri: "/v1/admin/policy", method: .post, headers: t.auth("adminA", contentType: "application/yaml"),
                body: body("categories:\n  pii.email:\n    output: mask\n  pii.emial: block\n"))
            #expect(bad.status == .badRequest)
            let error = try errorObject(bad)
            let message = try #require(error["message"] as? String)
            #expect(message.contains(#"policy.categories["pii.email"].output"#))
            #expect(message.contains(#"policy.categories["pii.emial"]"#))
            #expect(error["code"] as? String == "invalid_policy")
            #expect(try await guardEmail(client, t)["policy_version"] as? String == "builtin-1")

            let good = try await client.execute(
                uri: "/v1/admin/policy?name=default", method: .post, headers: t.auth("adminA", contentType: "text/yaml; charset=utf-8"),
                body: body("version: acme-7\ncategories:\n  pii.email:\n    input: block\n"))
            #expect(good.status == .ok)
            #expect(try object(good)["version"] as? String == "acme-7")
            let after = try await guardEmail(client, t)
            #expect(after["action"] as? String == "block")
            #expect(after["policy_version"] as? String == "acme-7")

            let shown = try object(try await client.execute(uri: "/v1/admin/policy", method: .get, headers: t.auth("adminA")))
            #expect(shown["origin"] as? String == "stored")
            #expect((shown["document"] as? String)?.contains("acme-7") == true)
            let stored = try await t.stores.policies.policy(tenant: "tenant-a", name: "default")
            #expect(stored?.version == "acme-7")

            // Tenant B still has the base policy.
            let baseB = try object(try await client.execute(uri: "/v1/admin/policy", method: .get, headers: t.auth("adminB")))
            #expect(baseB["origin"] as? String == "base")
            #expect(baseB["version"] as? String == "builtin-1")
        }
    }

    @Test func jsonPolicyAndBadUploads() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let json = try await client.execute(
                uri: "/v1/admin/policy?name=json-one", method: .post, headers: t.auth("adminA", contentType: "application/json"),
                body: body(#"{"version":"j1","categories":{"pii.email":"block"}}"#))
            #expect(json.status == .ok)
            let unsupported = try await client.execute(
                uri: "/v1/admin/policy", method: .post, headers: t.auth("adminA", contentType: "image/png"), body: body("x: 1"))
            #expect(unsupported.status == .unsupportedMediaType)
            let badName = try await client.execute(
                uri: "/v1/admin/policy?name=Bad%20Name", method: .post, headers: t.auth("adminA", contentType: "text/plain"), body: body("version: x"))
            #expect(try errorObject(badName)["param"] as? String == "name")
            let empty = try await client.execute(
                uri: "/v1/admin/policy", method: .post, headers: t.auth("adminA", contentType: "text/plain"), body: nil)
            #expect(empty.status == .badRequest)
            let binary = try await client.execute(
                uri: "/v1/admin/policy", method: .post, headers: t.auth("adminA", contentType: "text/plain"), body: ByteBuffer(bytes: [0xFF, 0xFE, 0x00]))
            #expect(try errorObject(binary)["code"] as? String == "invalid_utf8")
            let notYAML = try await client.execute(
                uri: "/v1/admin/policy", method: .post, headers: t.auth("adminA", contentType: "text/plain"), body: body("{{{{ ::: ]]"))
            #expect(notYAML.status == .badRequest)
            let missing = try await client.execute(uri: "/v1/admin/policy?name=absent", method: .get, headers: t.auth("adminA"))
            #expect(missing.status == .notFound)
        }
    }

    @Test func storedPoliciesLoadAtStart() async throws {
        let stores = ParapetStores.inMemory()
        try await stores.policies.put(StoredPolicy(
            tenant: "tenant-a", name: "default", yaml: "version: boot-1\ncategories:\n  pii.email: block\n", version: "boot-1", updatedAt: Date()))
        let t = try await TestServer(stores: stores)
        try await t.app.test(.router) { client in
            let a = try await guardEmail(client, t)
            #expect(a["policy_version"] as? String == "boot-1")
            #expect(a["action"] as? String == "block")
        }
        #expect(t.registry.policy(tenant: "tenant-b", name: "default")?.version == "builtin-1")
    }
}
