import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetServer
import Testing

@Suite struct LiveServerTests {
    @Test func guardsOverARealSocket() async throws {
        let t = try await TestServer(configuration: ServerConfiguration(port: 0))
        try await t.app.test(.live) { client in
            let health = try await client.execute(uri: "/healthz", method: .get)
            #expect(health.status == .ok)
            let response = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientA"),
                body: body(#"{"direction":"input","text":"mail jane@example.org"}"#))
            #expect(response.status == .ok)
            #expect(try object(response)["redacted_text"] as? String == "mail [EMAIL]")
            let big = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientA"),
                body: body(#"{"direction":"input","text":"\#(String(repeating: "z", count: 1_100_000))"}"#))
            #expect(big.status == .contentTooLarge)
        }
        #expect(try await t.auditCount() == 1)
    }
}
