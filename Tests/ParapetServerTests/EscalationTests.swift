import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetCore
import ParapetGateway
import ParapetServer
import ParapetStore
import ParapetTesting
import Testing

/// A route's `review:` settings in the gateway: the escalation engine's triggers, risk matrix and
/// policies decide who must approve, whether the answer is held or audited afterwards, and what
/// the review item and the audit record say.
@Suite(.serialized) struct EscalationTests {
    typealias Q = QualityTests

    static func route(_ review: String, confidence: String? = "{ auto: 0.8, reject: 0.4 }") -> String {
        var text = "    confident:\n      targets:\n        - { provider: mock, model: mock-model }\n"
        if let confidence { text += "      confidence: \(confidence)\n" }
        // Auto-approved calls are sampled into the queue at 5 % by default; the tests that count
        // the queue must not depend on that draw, so a route samples only when it says so.
        let sampled = review.contains("sample_rate") ? review : review.replacingOccurrences(of: "{ ", with: "{ sample_rate: 0, ", options: [.anchored])
        return text + "      review: " + sampled
    }

    /// A gated answer whose confidence (0.6) scores 2 on the risk matrix's confidence dimension:
    /// level medium with `levels: { medium: 2 }`.
    static func matrix(policies: String, mode: String = "pre_action") -> String {
        "{ mode: \(mode), risk: { confidence: { below: [[0.5, 3], [0.7, 2], [0.85, 1]] }, levels: { medium: 2, high: 5, critical: 8 } }, policies: \(policies) }"
    }

    static func decide(_ client: some TestClientProtocol, _ t: TestServer, _ id: String, as reviewer: String, verdict: String = "approve") async throws -> TestResponse {
        let claim = try await Q.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: reviewer)
        #expect(claim.status == .ok, "claim by \(reviewer)")
        return try await Q.review(
            client, t, "/v1/review/items/\(id)/decision", method: .post, key: reviewer, json: #"{"verdict":"\#(verdict)","reason_code":"checked"}"#)
    }

    @Test func twoRequiredApprovalsReleaseOnceAfterTheSecond() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route(Self.matrix(policies: "{ medium: two_reviewers }")))
            try await t.app.test(.router) { client in
                upstream.enqueue([Q.middling])
                let held = try await Q.call(client, t, Q.askConfident)
                #expect(held.status == .accepted)
                let id = try #require(held.headers[Q.header("x-parapet-review-id")])
                #expect(held.headers[Q.header("x-parapet-review-status")] == "pending")
                #expect(try object(held)["required_approvals"] as? Int == 2)
                #expect(try object(held)["level"] as? String == "medium")

                #expect(try await Self.decide(client, t, id, as: "reviewerA").status == .ok)
                let half = try await Q.review(client, t, "/v1/reviews/\(id)", key: "clientA")
                #expect(half.status == .accepted)
                #expect(try object(half)["approvals"] as? Int == 1)
                // The same reviewer cannot approve twice.
                #expect(try await Q.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "reviewerA").status == .conflict)

                #expect(try await Self.decide(client, t, id, as: "reviewerA2").status == .ok)
                let released = try await Q.review(client, t, "/v1/reviews/\(id)?wait=5", key: "clientA")
                #expect(released.status == .ok)
                #expect(try Q.content(released) == "Maybe.")
                #expect(try await Q.review(client, t, "/v1/reviews/\(id)", key: "clientA").status == .conflict)

                let call = try await GovernanceTests.call(t, auditID: held.headers[GovernanceTests.auditHeader])
                let review = try #require(call["review"] as? [String: Any])
                #expect(review["handoff"] as? String == "pre_action")
                #expect(review["policy"] as? String == "two_reviewers")
                #expect(review["review_id"] as? String == id)
                let fired = try #require(review["fired"] as? [[String: Any]])
                #expect(fired.map { $0["kind"] as? String } == ["risk_matrix", "quality_gate"])
            }
        }
    }

    @Test func aSeniorMustBeAmongTheApprovers() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route(Self.matrix(policies: "{ medium: two_with_senior, high: two_with_senior }")))
            try await t.app.test(.router) { client in
                upstream.enqueue([Q.middling])
                let held = try await Q.call(client, t, Q.askConfident)
                let id = try #require(held.headers[Q.header("x-parapet-review-id")])
                #expect(try await Self.decide(client, t, id, as: "reviewerA").status == .ok)
                #expect(try await Self.decide(client, t, id, as: "reviewerA2").status == .ok)
                // Two approvals, neither senior: still held.
                #expect(try await Q.review(client, t, "/v1/reviews/\(id)", key: "clientA").status == .accepted)
                #expect(try await Self.decide(client, t, id, as: "adminA").status == .ok)
                let released = try await Q.review(client, t, "/v1/reviews/\(id)", key: "clientA")
                #expect(released.status == .ok)
                #expect(try Q.content(released) == "Maybe.")
            }
        }
    }

    @Test func postAuditDeliversAtOnceAndQueuesTheAnswer() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route(Self.matrix(policies: "{ medium: one_reviewer }", mode: "post_audit")))
            try await t.app.test(.router) { client in
                upstream.enqueue([Q.middling])
                let response = try await Q.call(client, t, Q.askConfident)
                #expect(response.status == .ok)
                #expect(try Q.content(response) == "Maybe.")
                let id = try #require(response.headers[Q.header("x-parapet-review-id")])
                #expect(response.headers[Q.header("x-parapet-review-status")] == "post_audit")

                let item = try #require(try await t.stores.reviews.item(id: id, tenant: "tenant-a"))
                #expect(item.kind == .postAudit)
                #expect(item.auditID == response.headers[GovernanceTests.auditHeader])
                let call = try await GovernanceTests.call(t, auditID: response.headers[GovernanceTests.auditHeader])
                #expect(call["outcome"] as? String == "ok")
                #expect((call["review"] as? [String: Any])?["handoff"] as? String == "post_audit")

                // Polling a post-audit item's id is not a way to get the answer a second time.
                #expect(try await Q.review(client, t, "/v1/reviews/\(id)", key: "clientA").status == .accepted)
            }
        }
    }

    @Test func autoApprovedAnswersAreSampledIntoTheQueue() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route("{ sample_rate: 1 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Q.completion("Yes.", logprobs: [("Yes", log(0.97)), (".", log(0.97))])])
                let response = try await Q.call(client, t, Q.askConfident)
                #expect(response.status == .ok)
                let id = try #require(response.headers[Q.header("x-parapet-review-id")])
                let item = try #require(try await t.stores.reviews.item(id: id, tenant: "tenant-a"))
                #expect(item.kind == .postAudit)
                #expect(item.reasoning?.contains("sampled") == true)
                #expect(String(decoding: item.triggers, as: UTF8.self) == "[]")
                let call = try await GovernanceTests.call(t, auditID: response.headers[GovernanceTests.auditHeader])
                #expect((call["review"] as? [String: Any])?["sampled"] as? Bool == true)
            }
        }
    }

    @Test func aTriggerHoldsAnIrreversibleToolCallWithoutAConfidenceGate() async throws {
        let review = """
            { mode: confidence, triggers: [ { kind: irreversible_action, tools: [delete_account], priority: 90 }, \
            { kind: amount_above, field: amount, threshold: 100, priority: 40 } ] }
            """
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route(review, confidence: nil))
            try await t.app.test(.router) { client in
                upstream.enqueue([
                    Q.completion(nil, tool: (name: "delete_account", arguments: #"{"account": "a-1", "amount": 500}"#)),
                    Q.completion(nil, tool: (name: "lookup_order", arguments: #"{"order": 7}"#)),
                ])
                let held = try await Q.call(client, t, Q.askConfident)
                #expect(held.status == .accepted)
                let id = try #require(held.headers[Q.header("x-parapet-review-id")])
                let item = try #require(try await t.stores.reviews.item(id: id, tenant: "tenant-a"))
                let fired = try #require(try JSON.parse(item.triggers).arrayValue)
                #expect(fired.map { $0["kind"]?.stringValue } == ["irreversible_action", "amount_above"])
                #expect(item.priority > 0.5 * 3)   // value 1 + log10(501) ≈ 3.7 at urgency 0.5

                // A call no trigger matches is delivered, and nothing is queued.
                let plain = try await Q.call(client, t, Q.askConfident)
                #expect(plain.status == .ok)
                #expect(plain.headers[Q.header("x-parapet-review-id")] == nil)
                #expect(try await t.stores.reviews.pending(tenant: "tenant-a", limit: 10, now: Date()).count == 1)
            }
        }
    }

    @Test func theRoutesLeaseBoundsAClaim() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Q.server(upstream, route: Self.route("{ lease_s: 1 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Q.middling])
                let held = try await Q.call(client, t, Q.askConfident)
                let id = try #require(held.headers[Q.header("x-parapet-review-id")])
                #expect(try await Q.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "reviewerA").status == .ok)
                #expect(try await Q.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "reviewerA2").status == .conflict)
                try await Task.sleep(for: .milliseconds(1_100))
                #expect(try await Q.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "reviewerA2").status == .ok)
            }
        }
    }

    @Test func reviewSettingsErrorsNameTheirPath() throws {
        let yaml = """
            gateway:
              providers: { mock: { kind: openai, base_url: "http://127.0.0.1:9" } }
              routes:
                r:
                  targets: [ { provider: mock, model: m } ]
                  review: { mode: sometimes, triggers: [ { kind: quality_gate } ] }
            """
        #expect {
            _ = try ParapetConfiguration.parse(yaml: yaml)
        } throws: { error in
            let text = String(describing: error)
            return text.contains("gateway.routes.r.review.mode") && text.contains("gateway.routes.r.review.triggers[0].kind")
        }
    }
}
