import ParapetCore
import Testing

@testable import ParapetGuards

/// The permission service of a flagged list: config, when the engine asks, how answers and
/// failures become reasons. (The HTTP client is tested in the server's `ToolGuardTests`.)
@Suite struct ToolPermissionTests {
    static let config = """
        tools:
          refund_order:
            parameters: { type: object, required: [order_id, amount], properties: { order_id: { type: integer }, amount: { type: number, minimum: 0 } } }
            roles: [agent, manager]
            limits: [{ role: agent, argument: amount, max: 50 }]
            over_limit: review
            flagged:
              argument: order_id
              list: [99999]
              service: { url: "http://perm.internal/check", timeout_ms: 80, on_error: review }
              outcome: deny
          lookup_order:
            flagged: { argument: order_id, service: { url: "https://perm.example.com:8443/v1/check?x=1" } }
        """

    let t0 = ContinuousClock.now

    @Test func serviceIsParsedWithDefaults() throws {
        let policy = try ToolPolicyTests.policy(Self.config)
        let refund = try #require(policy.tools["refund_order"]?.flagged)
        #expect(refund.service == ToolPermissionService(url: "http://perm.internal/check", timeout: .milliseconds(80), onError: .review))
        #expect(refund.values == [.number(99999)])
        let lookup = try #require(policy.tools["lookup_order"]?.flagged)
        #expect(lookup.service == ToolPermissionService(url: "https://perm.example.com:8443/v1/check?x=1", timeout: .milliseconds(50), onError: .deny))
        #expect(lookup.values.isEmpty)
        #expect(lookup.outcome == .deny)
    }

    @Test func serviceConfigErrorsNameTheirPath() throws {
        let errors = try ToolPolicyTests.errors(
            """
            tools:
              a: { flagged: { argument: id, service: { url: "ftp://x/check", timeout_ms: 0, on_error: maybe, retries: 3 } } }
              b: { flagged: { argument: id, service: { timeout_ms: 20000 } } }
              c: { flagged: { argument: id, service: { url: "http:///check" } } }
              d: { flagged: { argument: id, service: "http://perm/check" } }
              e: { flagged: { argument: id, service: { url: "http://perm internal/check" } } }
            """)
        #expect(
            errors == [
                "tools.a.flagged.service.retries: unknown field (expected one of: on_error, timeout_ms, url)",
                #"tools.a.flagged.service.url: expected an http:// or https:// URL with a host, got "ftp://x/check""#,
                "tools.a.flagged.service.timeout_ms: must be between 1 and 10000, got 0",
                #"tools.a.flagged.service.on_error: unknown outcome "maybe" (expected one of: allow, review, deny)"#,
                "tools.b.flagged.service.url: required: where to ask (http:// or https://)",
                "tools.b.flagged.service.timeout_ms: must be between 1 and 10000, got 20000",
                #"tools.c.flagged.service.url: expected an http:// or https:// URL with a host, got "http:///check""#,
                "tools.d.flagged.service: expected a mapping, got a string",
                #"tools.e.flagged.service.url: expected an http:// or https:// URL with a host, got "http://perm internal/check""#,
            ])
    }

    @Test func equalConfigsAreEqualAndHashEqually() throws {
        let a = try ToolPolicyTests.policy(Self.config)
        let b = try ToolPolicyTests.policy(Self.config)
        #expect(a == b)
        #expect(a.hashValue == b.hashValue)
        #expect(Set([a, b]).count == 1)
        let other = try ToolPolicyTests.policy(Self.config.replacingOccurrences(of: "timeout_ms: 80", with: "timeout_ms: 90"))
        #expect(a != other)
        let schema = try ToolPolicyTests.policy(Self.config.replacingOccurrences(of: "minimum: 0", with: "minimum: 1"))
        #expect(a != schema)  // parameters take part in equality
    }

    @Test func theServiceIsAskedOnlyWhenTheLocalRulesLeaveTheCallOpen() throws {
        let engine = ToolPolicyEngine(policy: try ToolPolicyTests.policy(Self.config), counters: InMemoryToolCounterStore())
        func query(_ arguments: String, role: String = "agent") throws -> ToolPermissionQuery? {
            let intent = try ToolPolicyTests.refund(arguments, role: role)
            return engine.permissionQuery(for: intent, after: engine.evaluate(intent, now: t0))
        }
        let asked = try #require(try query(#"{"order_id": 12345, "amount": 50.00}"#))
        #expect(asked.argument == "order_id")
        #expect(asked.value == .number("12345"))
        #expect(asked.flaggedOutcome == .deny)
        #expect(asked.tenant == "acme")
        #expect(
            String(decoding: asked.body, as: UTF8.self)
                == #"{"tenant":"acme","tool":"refund_order","argument":"order_id","value":12345,"user":"u-1","role":"agent"}"#)
        #expect(try query(#"{"order_id": 12345, "amount": 75}"#) != nil)  // review so far: the service may still deny
        #expect(try query(#"{"order_id": 12345, "amount": 50}"#, role: "customer") == nil)  // already denied
        #expect(try query(#"{"order_id": 99999, "amount": 5}"#) == nil)  // already flagged by the list
        let noArgument = ToolCallIntent(tool: "lookup_order", arguments: .object(["order_id": .null]), role: "agent", tenant: "acme")
        #expect(engine.permissionQuery(for: noArgument, after: engine.evaluate(noArgument, now: t0)) == nil)
        let killed = ToolPolicyEngine(policy: try ToolPolicyTests.policy(Self.config), counters: InMemoryToolCounterStore(), disabledTools: ["lookup_order"])
        let lookup = ToolCallIntent(tool: "lookup_order", arguments: .object(["order_id": .number(1)]), role: "agent", tenant: "acme")
        #expect(killed.permissionQuery(for: lookup, after: killed.evaluate(lookup, now: t0)) == nil)
        #expect(engine.permissionQuery(for: lookup, after: engine.evaluate(lookup, now: t0))?.user == nil)
    }

    @Test func answersBecomeReasonsLikeLocalOnes() throws {
        let engine = ToolPolicyEngine(policy: try ToolPolicyTests.policy(Self.config), counters: InMemoryToolCounterStore())
        let intent = try ToolPolicyTests.refund()
        let decision = engine.evaluate(intent, now: t0)
        let query = try #require(engine.permissionQuery(for: intent, after: decision))
        #expect(engine.applying(.notFlagged, of: query, to: decision) == decision)
        let flagged = engine.applying(.flagged(reason: "chargeback open"), of: query, to: decision)
        #expect(flagged.outcome == .deny)
        #expect(flagged.reasons == [ToolDecisionReason(.flaggedObject, .deny, "order_id 12345 is flagged by the permission service: chargeback open", argument: "order_id")])
        let failed = engine.applying(.failed(.timeout(.milliseconds(80))), of: query, to: decision)
        #expect(failed.outcome == .review)  // on_error: review
        #expect(
            failed.reasons == [
                ToolDecisionReason(
                    .permissionCheckFailed, .review, "the permission service for order_id gave no answer within 80 ms; on_error gives review", argument: "order_id")
            ])
        let status = engine.applying(.failed(.status(500)), of: query, to: decision)
        #expect(status.reasons.map(\.message) == ["the permission service for order_id answered HTTP 500; on_error gives review"])
        let long = engine.applying(.flagged(reason: String(repeating: "x", count: 10_000)), of: query, to: decision)
        #expect(long.reasons[0].message.utf8.count < 300)
    }

    @Test func responsesAreReadStrictly() {
        func parse(_ body: String, status: Int = 200) -> ToolPermissionAnswer { ToolPermissionAnswer.parse(status: status, body: Array(body.utf8)) }
        #expect(parse(#"{"flagged": false}"#) == .notFlagged)
        #expect(parse(#"{"flagged": true, "reason": "fraud", "ttl": 60}"#) == .flagged(reason: "fraud"))
        #expect(parse(#"{"flagged": true, "reason": null}"#) == .flagged(reason: nil))
        #expect(parse(#"{"flagged": false}"#, status: 204) == .notFlagged)
        #expect(parse(#"{"flagged": false}"#, status: 500) == .failed(.status(500)))
        #expect(parse(#"{"flagged": false}"#, status: 302) == .failed(.status(302)))
        #expect(parse(#"{"flagged": "no"}"#) == .failed(.malformed(#""flagged" is not true or false"#)))
        #expect(parse(#"{"allowed": true}"#) == .failed(.malformed(#"the body has no "flagged""#)))
        #expect(parse(#"{"flagged": true, "reason": 7}"#) == .failed(.malformed(#""reason" is not a string"#)))
        #expect(parse("[true]") == .failed(.malformed("the body is not a JSON object")))
        guard case .failed(.malformed(let detail)) = parse("<html>oops</html>") else {
            Issue.record("garbage must fail")
            return
        }
        #expect(detail.hasPrefix("the body is not JSON"))
        #expect(parse(String(repeating: "[", count: 100) + String(repeating: "]", count: 100)) != .notFlagged)
    }

    @Test func aCallWithoutARoleIsToldSo() throws {
        let engine = try ToolPolicyTests.engine()
        let decision = engine.evaluate(try ToolPolicyTests.refund(role: ""), now: t0)
        #expect(decision.outcome == .deny)
        #expect(decision.reasons.first == ToolDecisionReason(.roleNotAllowed, .deny, "the call names no role; refund_order may be called by agent, manager"))
    }

    @Test func unreadableArgumentsAreInvalidButTheOtherRulesStillApply() throws {
        let engine = try ToolPolicyTests.engine()
        let intent = ToolCallIntent(tool: "refund_order", arguments: .null, role: "customer", user: "u-1", tenant: "acme")
        let decision = engine.evaluate(intent, unreadableArguments: "the arguments are not valid JSON", now: t0)
        #expect(decision.outcome == .deny)
        #expect(ToolPolicyTests.codes(decision) == ["role_not_allowed", "invalid_arguments"])
        #expect(decision.reasons[1].message == "the arguments are not valid JSON")
        let switchedOff = try ToolPolicyTests.engine(disabled: ["refund_order"])
        #expect(ToolPolicyTests.codes(switchedOff.evaluate(intent, unreadableArguments: "x", now: t0)) == ["tool_disabled"])
    }
}
