import Foundation
import Hummingbird
import HummingbirdTesting
import ParapetAudit
import ParapetServer
import ParapetStore
import Testing

@Suite struct AuditFailureTests {
    /// An audit recorder whose database is gone.
    struct BrokenRecorder: AuditRecording {
        func record(_ entry: AuditEntry) async throws -> AuditRecord {
            throw StoreError(.unavailable, "database is locked: /srv/parapet/audit.sqlite")
        }
    }

    @Test func noDecisionIsReleasedWithoutItsAuditRecord() async throws {
        let t = try await TestServer(audit: BrokenRecorder())
        try await t.app.test(.router) { client in
            let response = try await client.execute(
                uri: "/v1/guard", method: .post, headers: t.auth("clientA"), body: body(#"{"direction":"input","text":"mail jane@example.org"}"#))
            #expect(response.status == .serviceUnavailable)
            let error = try errorObject(response)
            #expect(error["type"] as? String == "service_unavailable")
            #expect(!text(response).contains("sqlite"))
            #expect(!text(response).contains("[EMAIL]"))
            let batch = try await client.execute(
                uri: "/v1/guard/batch", method: .post, headers: t.auth("clientA"), body: body(#"{"items":[{"direction":"input","text":"a"}]}"#))
            #expect(batch.status == .serviceUnavailable)
        }
    }
}
