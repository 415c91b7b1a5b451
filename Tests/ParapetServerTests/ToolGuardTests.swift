import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetGuards
import ParapetStore
import ParapetTesting
import Synchronization
import Testing

@testable import ParapetServer

/// The tool-call policy in the server: `POST /v1/guard/tool` (the seeds' `refund_order` example
/// and its variants, the permission service and its failures, kill switch, bad input, tenant
/// isolation, atomic counters) and the gateway stage that decides the `tool_calls` of answers.
@Suite(.serialized) struct ToolGuardTests {
    /// The seeds' tool, a tool whose flagged objects a permission service decides (failing to
    /// review), and one that fails open.
    static func tools(service: String = "http://127.0.0.1:9/check") -> String {
        """
        tools:
          refund_order:
            parameters: { type: object, required: [order_id, amount], properties: { order_id: { type: integer }, amount: { type: number, minimum: 0 } } }
            risk: { irreversible: true, blast_radius: single, compliance: financial }
            roles: [agent, manager]
            limits:
              - { role: agent, argument: amount, max: 50 }
              - { role: manager, argument: amount, max: 200 }
            counters:
              - { name: refunds_per_day, per: user, window_s: 86400, max: 3 }
            flagged: { argument: order_id, list: [99999, 424242], outcome: review }
            over_limit: review
          cancel_order:
            parameters: { type: object, required: [order_id], properties: { order_id: { type: integer } } }
            roles: [agent]
            flagged: { argument: order_id, outcome: deny, service: { url: "\(service)", timeout_ms: 1000, on_error: review } }
          lookup_order:
            flagged: { argument: order_id, service: { url: "\(service)", timeout_ms: 1000, on_error: allow } }
          delete_account: { roles: [admin], risk: { irreversible: true, blast_radius: account }, default: review }
        """
    }

    static func refund(_ arguments: String = #"{"order_id": 12345, "amount": 50.00}"#, role: String = "agent", user: String? = "u-1", extra: String = "")
        -> ByteBuffer
    {
        let userField = user.map { #","user":"\#($0)""# } ?? ""
        return body(#"{"tool":"refund_order","arguments":\#(arguments),"role":"\#(role)"\#(userField)\#(extra)}"#)
    }

    static func post(_ client: some TestClientProtocol, _ t: ToolServer, _ body: ByteBuffer, key: String = "clientA") async throws -> TestResponse {
        try await client.execute(uri: "/v1/guard/tool", method: .post, headers: t.auth(key), body: body)
    }

    static func codes(_ json: [String: Any]) -> [String] {
        (json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["code"] as? String }
    }

    static func messages(_ json: [String: Any]) -> [String] {
        (json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["message"] as? String }
    }

    // MARK: - The seeds' example and its variants

    @Test func seedExampleIsAllowedCountedAndAudited() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let response = try await Self.post(client, t, Self.refund())
            #expect(response.status == .ok)
            let json = try object(response)
            #expect(json["outcome"] as? String == "allow")
            #expect((json["reasons"] as? [Any])?.isEmpty == true)
            let risk = try #require(json["risk"] as? [String: Any])
            #expect(risk["irreversible"] as? Bool == true)
            #expect(risk["blast_radius"] as? String == "single")
            #expect(risk["compliance"] as? String == "financial")
            #expect(json["counted"] as? Bool == true)
            #expect(json["latency_us"] is Int)
            let auditID = try #require(json["audit_id"] as? String)
            let record = try #require(try await t.stores.audit.record(id: auditID, tenant: "tenant-a"))
            #expect(record.entry.direction == .tool)
            #expect(record.entry.action == .allow)
            #expect(record.entry.detectors == ["tool-policy@1"])
            let metadata = try #require(record.entry.metadataJSON)
            #expect(metadata.contains(#""name":"refund_order""#))
            #expect(metadata.contains(#""counted":true"#))
            #expect(!metadata.contains("12345"))  // never the arguments
        }
    }

    @Test func wrongRoleIsDenied() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, Self.refund(role: "customer")))
            #expect(json["outcome"] as? String == "deny")
            #expect(Self.codes(json) == ["role_not_allowed"])
            #expect(Self.messages(json) == [#"role "customer" may not call refund_order (allowed: agent, manager)"#])
            #expect(json["counted"] as? Bool == false)
            let auditID = try #require(json["audit_id"] as? String)
            let record = try #require(try await t.stores.audit.record(id: auditID, tenant: "tenant-a"))
            #expect(record.entry.action == .block)
            #expect(record.entry.categories == ["role_not_allowed"])
        }
    }

    @Test func overTheLimitForAnAgentIsFineForAManager() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let agent = try object(try await Self.post(client, t, Self.refund(#"{"order_id": 12345, "amount": 75}"#)))
            #expect(agent["outcome"] as? String == "review")
            let reasons = try #require(agent["reasons"] as? [[String: String]])
            #expect(
                reasons == [["code": "argument_over_limit", "outcome": "review", "message": "amount 75 exceeds 50 for role agent", "argument": "amount"]])
            let manager = try object(try await Self.post(client, t, Self.refund(#"{"order_id": 12345, "amount": 75}"#, role: "manager")))
            #expect(manager["outcome"] as? String == "allow")
            // Exact decimals on the number text, also when the arguments come as a string.
            let text = try object(try await Self.post(client, t, Self.refund(#""{\"order_id\": 12345, \"amount\": 50.000000000000000001}""#)))
            #expect(Self.codes(text) == ["argument_over_limit"])
        }
    }

    @Test func flaggedOrderIsHeldForReview() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, Self.refund(#"{"order_id": 99999, "amount": 10}"#)))
            #expect(json["outcome"] as? String == "review")
            #expect(Self.messages(json) == ["order_id 99999 is flagged"])
            #expect(json["counted"] as? Bool == false)
        }
    }

    @Test func theFourthRefundTodayIsHeldAndRecordFalseDoesNotCount() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            for _ in 0..<2 {
                let dryRun = try object(try await Self.post(client, t, Self.refund(extra: #","record":false"#)))
                #expect(dryRun["outcome"] as? String == "allow")
                #expect(dryRun["counted"] as? Bool == false)
            }
            for _ in 0..<3 {
                #expect(try object(try await Self.post(client, t, Self.refund()))["counted"] as? Bool == true)
            }
            let fourth = try object(try await Self.post(client, t, Self.refund()))
            #expect(fourth["outcome"] as? String == "review")
            #expect(Self.messages(fourth) == ["refunds_per_day: 3 calls in the last 24 h, at most 3 per user"])
            #expect(try object(try await Self.post(client, t, Self.refund(user: "u-2")))["outcome"] as? String == "allow")
            let noUser = try object(try await Self.post(client, t, Self.refund(user: nil)))
            #expect(Self.codes(noUser) == ["missing_user"])
        }
    }

    @Test func invalidArgumentsAreDeniedWithTheViolations() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, Self.refund(#"{"order_id": "12345", "amount": -5}"#)))
            #expect(json["outcome"] as? String == "deny")
            #expect(Self.codes(json) == ["invalid_arguments", "invalid_arguments"])
            let arguments = (json["reasons"] as? [[String: Any]] ?? []).compactMap { $0["argument"] as? String }
            #expect(arguments == ["order_id", "amount"])
            let huge = try object(try await Self.post(client, t, Self.refund(#"{"order_id": 1, "amount": \#(String(repeating: "9", count: 300))}"#)))
            #expect(Self.messages(huge) == ["amount holds number text of 300 characters (at most 256)"])
        }
    }

    @Test func withoutAToolsSectionEveryToolIsDenied() async throws {
        let t = try await ToolServer(yaml: nil)
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, Self.refund()))
            #expect(json["outcome"] as? String == "deny")
            #expect(Self.codes(json) == ["unknown_tool"])
            #expect(Self.messages(json) == ["no tools are configured (parapet.yaml has no tools: section), so every tool call gets deny"])
            #expect(json["risk"] is NSNull)
        }
    }

    @Test func undeclaredToolGetsThePolicyDefault() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, body(#"{"tool":"transfer_funds","arguments":{},"role":"agent"}"#)))
            #expect(json["outcome"] as? String == "deny")
            #expect(Self.messages(json) == [#"no rules declared for "transfer_funds"; undeclared tools get deny"#])
        }
    }

    // MARK: - Kill switch, tenants, concurrency

    @Test func theAdminKillSwitchDeniesTheToolForItsTenantOnly() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let set = try await client.execute(
                uri: "/v1/admin/switches", method: .post, headers: t.auth("adminA"),
                body: body(#"{"kind":"tool","name":"refund_order","reason":"refund fraud wave"}"#))
            #expect(set.status == .ok)
            let denied = try object(try await Self.post(client, t, Self.refund()))
            #expect(denied["outcome"] as? String == "deny")
            #expect(Self.messages(denied) == [#""refund_order" is switched off"#])
            #expect(try object(try await Self.post(client, t, Self.refund(), key: "clientB"))["outcome"] as? String == "allow")
            let removed = try await client.execute(uri: "/v1/admin/switches/tool/refund_order", method: .delete, headers: t.auth("adminA"))
            #expect(removed.status == .noContent)
            #expect(try object(try await Self.post(client, t, Self.refund()))["outcome"] as? String == "allow")
        }
    }

    @Test func countersNeverCrossTenants() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            for _ in 0..<3 { _ = try await Self.post(client, t, Self.refund()) }
            #expect(try object(try await Self.post(client, t, Self.refund()))["outcome"] as? String == "review")
            let otherTenant = try object(try await Self.post(client, t, Self.refund(), key: "clientB"))
            #expect(otherTenant["outcome"] as? String == "allow")
            #expect(otherTenant["counted"] as? Bool == true)
        }
    }

    @Test func fiftyConcurrentRefundsAdmitExactlyThree() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let outcomes = try await withThrowingTaskGroup(of: String.self) { group in
                for _ in 0..<50 {
                    group.addTask { try object(try await Self.post(client, t, Self.refund()))["outcome"] as? String ?? "?" }
                }
                var outcomes: [String] = []
                for try await outcome in group { outcomes.append(outcome) }
                return outcomes
            }
            #expect(outcomes.filter { $0 == "allow" }.count == 3)
            #expect(outcomes.filter { $0 == "review" }.count == 47)
        }
    }

    // MARK: - Bad input

    @Test func badInputIsA400InOpenAIsShapeAndAuditsNothing() async throws {
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let cases: [(String, String?, String)] = [
                (#"{"arguments":{},"role":"agent"}"#, "tool", "missing_field"),
                (#"{"tool":"refund_order","role":"agent"}"#, "arguments", "missing_field"),
                (#"{"tool":"refund_order","arguments":{}}"#, "role", "missing_field"),
                (#"{"tool":"refund_order","arguments":[1,2],"role":"agent"}"#, "arguments", "invalid_type"),
                (#"{"tool":"refund_order","arguments":"{\"order_id\": 1","role":"agent"}"#, "arguments", "invalid_json"),
                (#"{"tool":"refund_order","arguments":"[1]","role":"agent"}"#, "arguments", "invalid_type"),
                (#"{"tool":"refund_order","arguments":{},"role":7}"#, "role", "invalid_type"),
                (#"{"tool":42,"arguments":{},"role":"agent"}"#, "tool", "invalid_type"),
                (#"{"tool":"","arguments":{},"role":"agent"}"#, "tool", "invalid_value"),
                (#"{"tool":"refund_order","arguments":{},"role":"agent","record":"yes"}"#, "record", "invalid_type"),
                (#"{"tool":"refund_order","arguments":{},"role":"agent","tenant":"tenant-b"}"#, "tenant", "unknown_field"),
                (#"{"tool":"refund_order","arguments":{},"role":"agent","user":""}"#, "user", "invalid_value"),
                (#"{"tool":"refund_order","arguments":{"a":1,"a":2},"role":"agent"}"#, nil, "invalid_json"),
                (#"["refund_order"]"#, nil, "invalid_type"),
                ("{", nil, "invalid_json"),
                ("", nil, "empty_body"),
            ]
            let before = try await t.auditCount()
            for (payload, param, code) in cases {
                let response = try await Self.post(client, t, body(payload))
                #expect(response.status == .badRequest, "\(payload)")
                let error = try errorObject(response)
                #expect(error["type"] as? String == "invalid_request_error", "\(payload)")
                #expect(error["param"] as? String == param, "\(payload)")
                #expect(error["code"] as? String == code, "\(payload)")
                #expect((error["message"] as? String)?.isEmpty == false, "\(payload)")
            }
            #expect(try await t.auditCount() == before)
            let unauthenticated = try await client.execute(uri: "/v1/guard/tool", method: .post, body: Self.refund())
            #expect(unauthenticated.status == .unauthorized)
        }
    }

    // MARK: - Permission service

    @Test func thePermissionServiceFlagsObjectsAndIsToldWho() async throws {
        let service = PermissionService()
        try await service.run { url in
            let t = try await ToolServer(yaml: Self.tools(service: url))
            try await t.app.test(.router) { client in
                service.behaviour = .answer(#"{"flagged": true, "reason": "chargeback open"}"#)
                let flagged = try object(try await Self.post(client, t, body(#"{"tool":"cancel_order","arguments":{"order_id": 777},"role":"agent","user":"u-9"}"#)))
                #expect(flagged["outcome"] as? String == "deny")
                #expect(Self.codes(flagged) == ["flagged_object"])
                #expect(Self.messages(flagged) == ["order_id 777 is flagged by the permission service: chargeback open"])
                let sent = try #require(service.bodies.last)
                #expect(sent == #"{"tenant":"tenant-a","tool":"cancel_order","argument":"order_id","value":777,"user":"u-9","role":"agent"}"#)

                service.behaviour = .answer(#"{"flagged": false}"#)
                let clear = try object(try await Self.post(client, t, body(#"{"tool":"cancel_order","arguments":{"order_id": 778},"role":"agent"}"#)))
                #expect(clear["outcome"] as? String == "allow")
                #expect((clear["reasons"] as? [Any])?.isEmpty == true)

                // Not asked when the local rules already deny.
                let asked = service.bodies.count
                let denied = try object(try await Self.post(client, t, body(#"{"tool":"cancel_order","arguments":{"order_id": 779},"role":"manager"}"#)))
                #expect(Self.codes(denied) == ["role_not_allowed"])
                #expect(service.bodies.count == asked)
            }
        }
    }

    @Test func aSlowFailingOrGarbledServiceGetsTheFailMode() async throws {
        let service = PermissionService()
        try await service.run { url in
            let t = try await ToolServer(yaml: Self.tools(service: url))
            try await t.app.test(.router) { client in
                let cancel = body(#"{"tool":"cancel_order","arguments":{"order_id": 1},"role":"agent"}"#)
                let cases: [(PermissionService.Behaviour, String)] = [
                    (.slow(.milliseconds(4_000)), "the permission service for order_id gave no answer within 1000 ms; on_error gives review"),
                    (.status(500), "the permission service for order_id answered HTTP 500; on_error gives review"),
                    (.answer("<html>teapot</html>"), "the permission service for order_id answered something unusable: the body is not JSON"),
                    (.answer(#"{"flagged": "maybe"}"#), #"the permission service for order_id answered something unusable: "flagged" is not true or false"#),
                ]
                for (behaviour, message) in cases {
                    service.behaviour = behaviour
                    let started = ContinuousClock.now
                    let json = try object(try await Self.post(client, t, cancel))
                    #expect(json["outcome"] as? String == "review", "\(behaviour)")
                    #expect(Self.codes(json) == ["permission_check_failed"], "\(behaviour)")
                    #expect(Self.messages(json).first?.hasPrefix(message) == true, "\(Self.messages(json))")
                    #expect(ContinuousClock.now - started < .milliseconds(3_000), "\(behaviour)")  // the 1 s deadline, not the 4 s service, decides
                }
                // on_error: allow fails open, but says so.
                service.behaviour = .status(503)
                let open = try object(try await Self.post(client, t, body(#"{"tool":"lookup_order","arguments":{"order_id": 1},"role":"agent"}"#)))
                #expect(open["outcome"] as? String == "allow")
                #expect(Self.messages(open) == ["the permission service for order_id answered HTTP 503; on_error gives allow"])
            }
        }
    }

    @Test func anUnreachableServiceGetsTheFailMode() async throws {
        // Port 9 (discard) on the loopback: nothing listens, the connection is refused.
        let t = try await ToolServer(yaml: Self.tools())
        try await t.app.test(.router) { client in
            let json = try object(try await Self.post(client, t, body(#"{"tool":"cancel_order","arguments":{"order_id": 1},"role":"agent"}"#)))
            #expect(json["outcome"] as? String == "review")
            let message = try #require(Self.messages(json).first)
            #expect(message.hasPrefix("the permission service for order_id could not be reached ("), "\(message)")
            #expect(message.hasSuffix("; on_error gives review"), "\(message)")
        }
    }

    // MARK: - The gateway stage, in isolation

    static func completion(_ calls: [(name: String, arguments: String)], choices: Int = 1) throws -> ChatCompletion {
        var elements: [JSON] = []
        for choice in 0..<choices {
            let toolCalls = calls.enumerated().map { index, call in
                JSON.object([
                    "id": .string("call_\(choice)_\(index)"), "type": "function",
                    "function": .object(["name": .string(call.name), "arguments": .string(call.arguments)]),
                ])
            }
            let message: JSONObject = ["role": "assistant", "content": .null, "tool_calls": .array(toolCalls)]
            elements.append(.object(["index": .number(choice), "message": .object(message), "finish_reason": "tool_calls"]))
        }
        return try ChatCompletion(parsing: .object(["id": "chatcmpl-t", "object": "chat.completion", "model": "m", "choices": .array(elements)]))
    }

    static func stage(_ yaml: String = tools()) throws -> ToolStage {
        ToolStage(policy: try ParapetConfiguration.parse(yaml: yaml).tools)
    }

    @Test func stageDecidesEveryCallAndCountsOnlyAnAllowedAnswer() async throws {
        let stage = try Self.stage()
        let mixed = try #require(
            await stage.check(
                try Self.completion([("refund_order", #"{"order_id": 12345, "amount": 50.00}"#), ("refund_order", #"{"order_id": 12345, "amount": 80}"#)]),
                tenant: "acme", user: "u-1", role: "agent", disabled: []))
        #expect(mixed.outcome == .review)
        #expect(mixed.entries.map(\.decision.outcome) == [.allow, .review])
        #expect(mixed.entries.map(\.callID) == ["call_0_0", "call_0_1"])
        #expect(mixed.admittedAt == nil)
        #expect(mixed.summary == "refund_order: allowed; refund_order: amount 80 exceeds 50 for role agent")
        let json = try #require(try JSONSerialization.jsonObject(with: Data(mixed.json)) as? [[String: Any]])
        #expect(json.map { $0["outcome"] as? String } == ["allow", "review"])
        #expect(json.map { $0["call_id"] as? String } == ["call_0_0", "call_0_1"])
        #expect((json[1]["reasons"] as? [[String: Any]])?.first?["code"] as? String == "argument_over_limit")
        #expect((json[0]["risk"] as? [String: Any])?["compliance"] as? String == "financial")

        // Nothing was counted: three single refunds still pass, counted together with the batch rule.
        let pair = try Self.completion([("refund_order", #"{"order_id": 1, "amount": 5}"#), ("refund_order", #"{"order_id": 2, "amount": 5}"#)])
        let first = try #require(await stage.check(pair, tenant: "acme", user: "u-1", role: "agent", disabled: []))
        #expect(first.outcome == .allow)
        let admittedAt = try #require(first.admittedAt)
        let second = try #require(await stage.check(pair, tenant: "acme", user: "u-1", role: "agent", disabled: []))
        #expect(second.outcome == .review)  // 2 counted + 2 more > 3
        #expect(second.entries[1].decision.reasons.map(\.message) == ["refunds_per_day: 2 calls in the last 24 h and 1 earlier in the same request, at most 3 per user"])
        // Given back (the answer was not delivered after all), the pair fits again.
        stage.engine(disabled: []).release(first.intents, admittedAt: admittedAt)
        #expect(await stage.check(pair, tenant: "acme", user: "u-1", role: "agent", disabled: [])?.outcome == .allow)
    }

    @Test func stageReportsUnreadableArgumentsMissingRoleAndSwitches() async throws {
        let stage = try Self.stage()
        let broken = try #require(
            await stage.check(try Self.completion([("refund_order", #"{"order_id": 12345, "amount": 5"#)]), tenant: "acme", user: "u-1", role: "agent", disabled: []))
        #expect(broken.outcome == .deny)
        #expect(broken.entries[0].decision.reasons.map(\.code) == [.invalidArguments])
        #expect(broken.entries[0].decision.reasons[0].message.hasPrefix("the arguments are not valid JSON"))

        let noRole = try #require(
            await stage.check(try Self.completion([("refund_order", #"{"order_id": 1, "amount": 5}"#)]), tenant: "acme", user: "u-1", role: nil, disabled: []))
        #expect(noRole.summary == "refund_order: the call names no role; refund_order may be called by agent, manager")
        #expect(noRole.refusal.status == .badRequest)
        #expect(noRole.refusal.code == "tool_call_denied")
        #expect(noRole.refusal.param == "choices[0].message.tool_calls")

        let switched = try #require(
            await stage.check(
                try Self.completion([("refund_order", #"{"order_id": 1, "amount": 5}"#)], choices: 2), tenant: "acme", user: "u-1", role: "agent",
                disabled: ["refund_order"]))
        #expect(switched.entries.map(\.choiceIndex) == [0, 1])
        #expect(switched.entries.allSatisfy { $0.decision.reasons.map(\.code) == [.toolDisabled] })

        // No tool calls: no check. Empty arguments text is an empty object.
        let plain = try ChatCompletion(
            parsing: .object([
                "id": "x", "object": "chat.completion", "model": "m",
                "choices": .array([.object(["index": .number(0), "message": .object(["role": "assistant", "content": "hello"]), "finish_reason": "stop"])]),
            ]))
        #expect(await stage.check(plain, tenant: "acme", user: nil, role: nil, disabled: []) == nil)
        let empty = try #require(await stage.check(try Self.completion([("delete_account", "")]), tenant: "acme", user: nil, role: "admin", disabled: []))
        #expect(empty.outcome == .review)
        #expect(empty.entries[0].decision.reasons.map(\.code) == [.toolDefault])
    }

    @Test func stageAsksThePermissionServiceForEveryCallAtOnce() async throws {
        let service = PermissionService()
        try await service.run { url in
            let stage = try Self.stage(Self.tools(service: url))
            service.behaviour = .slow(.milliseconds(4_000))
            let calls = (0..<4).map { (name: "cancel_order", arguments: #"{"order_id": \#($0)}"#) }
            let started = ContinuousClock.now
            let check = try #require(await stage.check(try Self.completion(calls), tenant: "acme", user: nil, role: "agent", disabled: []))
            // One 1000 ms deadline for all four calls, not one after another (4 s). The deadline is long
            // enough that a loaded CI machine still answers the calls that are meant to be answered.
            #expect(ContinuousClock.now - started < .milliseconds(3_000))
            #expect(check.outcome == .review)
            #expect(check.entries.allSatisfy { $0.decision.reasons.map(\.code) == [.permissionCheckFailed] })
            service.behaviour = .answer(#"{"flagged": true}"#)
            let flagged = try #require(await stage.check(try Self.completion(calls), tenant: "acme", user: nil, role: "agent", disabled: []))
            #expect(flagged.outcome == .deny)
            #expect(flagged.entries.map { $0.decision.reasons.map(\.message) } == (0..<4).map { ["order_id \($0) is flagged by the permission service"] })
        }
    }
}

extension ToolGuardTests {
    // MARK: - Through the gateway, end to end

    static func gateway(_ upstream: MockUpstream) -> String {
        """
        gateway:
          providers:
            mock: { kind: openai, base_url: "\(upstream.baseURL)", first_token_timeout_ms: 15000, total_timeout_ms: 30000 }
          routes:
            chat:
              targets:
                - { provider: mock, model: mock-model }
        """
    }

    static func refundAnswer(_ arguments: String) -> MockScenario {
        QualityTests.completion(nil, tool: (name: "refund_order", arguments: arguments))
    }

    static func chat(_ client: some TestClientProtocol, _ t: ToolServer, role: String? = "agent", user: String = "u-1", key: String = "clientA")
        async throws -> TestResponse
    {
        var headers = t.auth(key)
        if let role { headers[QualityTests.header("x-parapet-role")] = role }
        headers[QualityTests.header("x-parapet-user")] = user
        return try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: headers, body: body(#"{"model":"chat","messages":[{"role":"user","content":"Refund order 12345, please."}]}"#))
    }

    static func callAudit(_ t: ToolServer, _ response: TestResponse) async throws -> [String: Any] {
        let id = try #require(response.headers[GovernanceTests.auditHeader])
        let record = try #require(try await t.stores.audit.record(id: id, tenant: "tenant-a"))
        let metadata = try #require(record.entry.metadataJSON)
        return try #require((try JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: Any])?["call"] as? [String: Any])
    }

    @Test func anAllowedToolCallIsDeliveredAndCounted() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.refundAnswer(#"{"order_id": 12345, "amount": 50.00}"#)
            let t = try await ToolServer(yaml: Self.tools(), gateway: Self.gateway(upstream))
            try await t.app.test(.router) { client in
                let response = try await Self.chat(client, t)
                #expect(response.status == .ok)
                let choices = try #require(try object(response)["choices"] as? [[String: Any]])
                let calls = (choices.first?["message"] as? [String: Any])?["tool_calls"] as? [[String: Any]]
                #expect(calls?.count == 1)
                let decisions = try #require(try await Self.callAudit(t, response)["tools"] as? [[String: Any]])
                #expect(decisions.first?["tool"] as? String == "refund_order")
                #expect(decisions.first?["outcome"] as? String == "allow")
                // Counted: two more delivered answers fill u-1's three refunds a day.
                for _ in 0..<2 { #expect(try await Self.chat(client, t).status == .ok) }
                let dryRun = try object(try await Self.post(client, t, Self.refund(extra: #","record":false"#)))
                #expect(Self.codes(dryRun) == ["counter_exceeded"])
            }
        }
    }

    @Test func aDeniedToolCallBlocksTheAnswerWithTheReasons() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.refundAnswer(#"{"order_id": 12345, "amount": 50.00}"#)
            let t = try await ToolServer(yaml: Self.tools(), gateway: Self.gateway(upstream))
            try await t.app.test(.router) { client in
                let denied = try await Self.chat(client, t, role: "customer")
                #expect(denied.status == .badRequest)
                let error = try errorObject(denied)
                #expect(error["type"] as? String == "guardrail_blocked")
                #expect(error["code"] as? String == "tool_call_denied")
                #expect(error["param"] as? String == "choices[0].message.tool_calls")
                let message = try #require(error["message"] as? String)
                #expect(message.contains(#"refund_order: role "customer" may not call refund_order (allowed: agent, manager)"#))
                #expect(!text(denied).contains("12345"))  // the answer itself is not delivered
                let call = try await Self.callAudit(t, denied)
                #expect(call["outcome"] as? String == "tool_denied")
                #expect(((call["tools"] as? [[String: Any]])?.first?["reasons"] as? [[String: Any]])?.first?["code"] as? String == "role_not_allowed")

                // Without x-parapet-role the tool's roles cannot be met.
                let noRole = try await Self.chat(client, t, role: nil)
                #expect(noRole.status == .badRequest)
                #expect((try errorObject(noRole)["message"] as? String)?.contains("the call names no role") == true)

                // Nothing was counted for the refused answers.
                #expect(try object(try await Self.post(client, t, Self.refund(extra: #","record":false"#)))["outcome"] as? String == "allow")
            }
        }
    }

    @Test func aToolCallForReviewHoldsTheAnswer() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.refundAnswer(#"{"order_id": 12345, "amount": 80}"#)
            let t = try await ToolServer(yaml: Self.tools(), gateway: Self.gateway(upstream))
            try await t.app.test(.router) { client in
                let held = try await Self.chat(client, t)
                #expect(held.status == .accepted)
                let review = try object(held)
                #expect(review["object"] as? String == "review")
                #expect(review["status"] as? String == "pending")
                #expect(held.headers[.location]?.hasPrefix("/v1/reviews/") == true)
                #expect(!text(held).contains("tool_calls"))  // the answer waits for a person
                let call = try await Self.callAudit(t, held)
                #expect(call["outcome"] as? String == "held_for_review")
                let decisions = try #require(call["tools"] as? [[String: Any]])
                #expect(decisions.first?["outcome"] as? String == "review")
                #expect((decisions.first?["reasons"] as? [[String: Any]])?.first?["message"] as? String == "amount 80 exceeds 50 for role agent")
                // A manager may refund 80: delivered.
                #expect(try await Self.chat(client, t, role: "manager", user: "u-2").status == .ok)
            }
        }
    }

    @Test func concurrentAnswersNeverOvershootACounter() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.refundAnswer(#"{"order_id": 12345, "amount": 10}"#)
            let t = try await ToolServer(yaml: Self.tools(), gateway: Self.gateway(upstream))
            try await t.app.test(.router) { client in
                let statuses = try await withThrowingTaskGroup(of: HTTPResponse.Status.self) { group in
                    for _ in 0..<12 { group.addTask { try await Self.chat(client, t).status } }
                    var statuses: [HTTPResponse.Status] = []
                    for try await status in group { statuses.append(status) }
                    return statuses
                }
                #expect(statuses.filter { $0 == .ok }.count == 3)
                #expect(statuses.filter { $0 == .accepted }.count == 9)  // over_limit: review
            }
        }
    }
}

/// An in-process guard service with a `tools:` section (and optionally gateway routes), on
/// in-memory stores, with a client and an admin key in two tenants each.
/// The tool tests' server: `TestServer` with the `tools:` section (and the gateway) of `parapet.yaml` text.
typealias ToolServer = TestServer

extension TestServer {
    init(yaml: String?, gateway: String? = nil) async throws {
        let text = [yaml, gateway].compactMap { $0 }.joined(separator: "\n")
        let configuration = text.isEmpty ? ParapetConfiguration() : try ParapetConfiguration.parse(yaml: text)
        try await self.init(gateway: GatewayRouter.make(configuration: configuration.gateway, environment: [:]), tools: configuration.tools)
    }
}

/// A permission service on a real socket whose answers the test sets.
final class PermissionService: Sendable {
    enum Behaviour: Sendable, CustomStringConvertible {
        /// 200 with this body.
        case answer(String)
        /// This status with `{"flagged": false}`.
        case status(Int)
        /// `{"flagged": false}` after this long.
        case slow(Duration)

        var description: String {
            switch self {
            case .answer(let body): "answer \(body)"
            case .status(let code): "status \(code)"
            case .slow(let delay): "slow \(delay)"
            }
        }
    }

    private let state = Mutex((behaviour: Behaviour.answer(#"{"flagged": false}"#), bodies: [String]()))

    var behaviour: Behaviour {
        get { state.withLock { $0.behaviour } }
        set { state.withLock { $0.behaviour = newValue } }
    }

    /// The request bodies received, oldest first.
    var bodies: [String] { state.withLock { $0.bodies } }

    /// Serves on an ephemeral port while `body` runs with the check URL.
    func run(_ body: @Sendable (String) async throws -> Void) async throws {
        let router = Router()
        router.post("check") { request, _ -> Response in
            let received = try await request.body.collect(upTo: 1 << 16)
            let behaviour = self.state.withLock { state in
                state.bodies.append(String(buffer: received))
                return state.behaviour
            }
            var status = HTTPResponse.Status.ok
            var text = #"{"flagged": false}"#
            switch behaviour {
            case .answer(let body): text = body
            case .status(let code): status = HTTPResponse.Status(code: code)
            case .slow(let delay): try await Task.sleep(for: delay)
            }
            return Response(status: status, headers: [.contentType: "application/json"], body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
        }
        var logger = Logger(label: "parapet.test.permissions")
        logger.logLevel = .critical
        let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: logger)
        try await app.test(.live) { client in
            let port = try #require(client.port)
            try await body("http://127.0.0.1:\(port)/check")
        }
    }
}
