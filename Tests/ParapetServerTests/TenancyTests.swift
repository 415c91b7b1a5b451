import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetServer
import Testing

@Suite struct TenancyTests {
    @Test func adminsSeeOnlyTheirTenant() async throws {
        let t = try await TestServer()
        let keyOfA = try #require(t.keys["clientA"]?.id)
        try await t.app.test(.router) { client in
            for who in ["clientA", "clientA", "clientB"] {
                _ = try await client.execute(
                    uri: "/v1/guard", method: .post, headers: t.auth(who), body: body(#"{"direction":"input","text":"mail jane@example.org"}"#))
            }
            let auditA = try #require(try object(try await client.execute(uri: "/v1/audit", method: .get, headers: t.auth("adminA")))["data"] as? [[String: Any]])
            let auditB = try #require(try object(try await client.execute(uri: "/v1/audit", method: .get, headers: t.auth("adminB")))["data"] as? [[String: Any]])
            #expect(auditA.count == 2)
            #expect(auditB.count == 1)
            #expect(auditB.first?["key_id"] as? String == t.keys["clientB"]?.id)

            let keysB = try #require(try object(try await client.execute(uri: "/v1/admin/keys", method: .get, headers: t.auth("adminB")))["data"] as? [[String: Any]])
            #expect(keysB.count == 2)
            #expect(keysB.allSatisfy { $0["tenant"] as? String == "tenant-b" })

            // B cannot revoke A's key: it does not exist for B.
            let revoke = try await client.execute(uri: "/v1/admin/keys/\(keyOfA)", method: .delete, headers: t.auth("adminB"))
            #expect(revoke.status == .notFound)
            #expect(try await t.stores.keys.key(id: keyOfA)?.isRevoked == false)

            // B cannot create keys in A.
            let create = try await client.execute(
                uri: "/v1/admin/keys", method: .post, headers: t.auth("adminB"), body: body(#"{"role":"admin","name":"x","tenant":"tenant-a"}"#))
            #expect(create.status == .forbidden)
            #expect(try errorObject(create)["param"] as? String == "tenant")

            // A's policy is invisible to and has no effect on B.
            var yaml = t.auth("adminA")
            yaml[.contentType] = "application/yaml"
            let upload = try await client.execute(
                uri: "/v1/admin/policy?name=strict", method: .post, headers: yaml, body: body("version: a-strict-1\ncategories:\n  pii.email: block\n"))
            #expect(upload.status == .ok)
            let seenByB = try await client.execute(uri: "/v1/admin/policy?name=strict", method: .get, headers: t.auth("adminB"))
            #expect(seenByB.status == .notFound)
            let usedByB = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientB"), body: body(#"{"direction":"input","text":"x","policy":"strict"}"#))
            #expect(usedByB.status == .badRequest)
            #expect(try errorObject(usedByB)["param"] as? String == "policy")
            let usedByA = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: body(#"{"direction":"input","text":"mail jane@example.org","policy":"strict"}"#))
            #expect(try object(usedByA)["action"] as? String == "block")
            #expect(try object(usedByA)["policy_version"] as? String == "a-strict-1")
        }
    }
}
