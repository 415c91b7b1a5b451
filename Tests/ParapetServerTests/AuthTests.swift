import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetCore
import ParapetServer
import ParapetStore
import Testing

@Suite struct AuthTests {
    private let guardBody = body(#"{"direction":"input","text":"hello"}"#)

    @Test(arguments: [
        (nil as String?, "missing_api_key"),
        ("Basic dXNlcjpwYXNz", "invalid_authorization_header"),
        ("Bearer", "invalid_authorization_header"),
        ("Bearer ", "invalid_authorization_header"),
        ("Bearer ppk_0000000000000000000000000000000000000000", "invalid_api_key"),
        ("Bearer \u{00e9}t\u{00e9}", "invalid_authorization_header"),
        ("Bearer    ", "invalid_authorization_header"),
        ("Bearer ppk_a ppk_b", "invalid_authorization_header"),
        ("Bearerppk_0000000000000000000000000000000000000000", "invalid_authorization_header"),
        ("Bearer\tppk_0000000000000000000000000000000000000000", "invalid_authorization_header"),
        ("Bearer " + String(repeating: "a", count: 513), "invalid_authorization_header"),
    ])
    func unauthenticatedIs401(header: String?, code: String) async throws {
        let t = try await TestServer()
        var headers = HTTPFields()
        if let header { headers[.authorization] = header }
        try await t.app.test(.router) { [headers] client in
            let response = try await client.execute(uri: "/v1/guard", method: .post, headers: headers, body: guardBody)
            #expect(response.status == .unauthorized)
            let error = try errorObject(response)
            #expect(error["type"] as? String == "authentication_error")
            #expect(error["code"] as? String == code)
        }
        #expect(try await t.auditCount() == 0)
    }

    @Test func bearerSchemeIsCaseInsensitive() async throws {
        let t = try await TestServer()
        var headers = HTTPFields()
        headers[.authorization] = "bearer \(t.secrets["clientA"] ?? "")"
        try await t.app.test(.router) { [headers] client in
            let response = try await client.execute(uri: "/v1/guard", method: .post, headers: headers, body: guardBody)
            #expect(response.status == .ok)
        }
    }

    /// Two Authorization fields are combined as HTTP does ("a, b"), which is no bearer token.
    @Test func repeatedAuthorizationFieldsAre401() async throws {
        let t = try await TestServer()
        var headers = HTTPFields()
        headers.append(HTTPField(name: .authorization, value: "Bearer \(t.secrets["clientA"] ?? "")"))
        headers.append(HTTPField(name: .authorization, value: "Bearer \(t.secrets["clientA"] ?? "")"))
        try await t.app.test(.router) { [headers] client in
            let response = try await client.execute(uri: "/v1/guard", method: .post, headers: headers, body: guardBody)
            #expect(response.status == .unauthorized)
            #expect(try errorObject(response)["code"] as? String == "invalid_authorization_header")
        }
    }

    @Test func underPrivilegedIs403() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            for (uri, method) in [
                ("/v1/audit", HTTPRequest.Method.get), ("/v1/audit/verify", .get), ("/v1/admin/keys", .get),
                ("/v1/admin/policy", .get),
            ] {
                for who in ["clientA", "reviewerA"] {
                    let response = try await client.execute(uri: uri, method: method, headers: t.auth(who))
                    #expect(response.status == .forbidden, "\(who) \(method) \(uri)")
                    #expect(try errorObject(response)["type"] as? String == "permission_error")
                }
            }
            let create = try await client.execute(
                uri: "/v1/admin/keys", method: .post, headers: t.auth("clientA"), body: body(#"{"role":"admin","name":"x"}"#))
            #expect(create.status == .forbidden)
        }
    }

    @Test func revokedThroughTheAPIFailsAtOnce() async throws {
        let t = try await TestServer()
        let clientID = try #require(t.keys["clientA"]?.id)
        try await t.app.test(.router) { client in
            let before = try await client.execute(uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: guardBody)
            #expect(before.status == .ok)  // now cached
            let revoke = try await client.execute(uri: "/v1/admin/keys/\(clientID)", method: .delete, headers: t.auth("adminA"))
            #expect(revoke.status == .ok)
            #expect(try object(revoke)["revoked_at"] is String)
            let after = try await client.execute(uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: guardBody)
            #expect(after.status == .unauthorized)
            #expect(try errorObject(after)["code"] as? String == "revoked_api_key")
        }
    }

    @Test func revokedElsewhereFailsAfterTheCacheExpires() async throws {
        let t = try await TestServer(configuration: ServerConfiguration(keyCacheTTL: .milliseconds(50)))
        let clientID = try #require(t.keys["clientA"]?.id)
        try await t.app.test(.router) { client in
            #expect(try await client.execute(uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: guardBody).status == .ok)
            _ = try await t.stores.keys.revoke(id: clientID, tenant: "tenant-a", at: Date())
            try await Task.sleep(for: .milliseconds(120))
            #expect(try await client.execute(uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: guardBody).status == .unauthorized)
        }
    }

    @Test func keyMinterMakesWellFormedKeys() throws {
        let minted = KeyMinter.mint(tenant: "t", role: .client, name: "n")
        #expect(minted.secret.hasPrefix("ppk_"))
        #expect(minted.secret.count == 44)
        #expect(minted.secret.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
        #expect(minted.key.id.hasPrefix("key_") && minted.key.id.count == 20)
        #expect(minted.key.hash == KeyMinter.hash(secret: minted.secret))
        #expect(minted.key.hash.count == 32)
        #expect(KeyMinter.mint(tenant: "t", role: .client, name: "n").secret != minted.secret)
    }
}
