import ParapetCore
import Testing

@testable import ParapetGuards

/// The seeds' example: "When the LLM proposes refund_order(order_id=12345, amount=50.00), the
/// engine checks: Does this user role allow refunds? Is $50 within their limit? Is this order
/// flagged? Has this user requested suspiciously many refunds today?"
@Suite struct ToolPolicyTests {
    static let config = """
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
            flagged:
              argument: order_id
              list: [99999, 424242]
              outcome: review
            over_limit: review
          delete_account: { roles: [admin], risk: { irreversible: true, blast_radius: account }, default: review }
        """

    let t0 = ContinuousClock.now

    static func policy(_ yaml: String = config) throws -> ToolPolicy {
        var reader = ConfigReader()
        let policy = ToolPolicy.parse(try toolsSection(yaml), at: "tools", reader: &reader)
        try #require(reader.errors == [])
        return policy
    }

    static func errors(_ yaml: String) throws -> [String] {
        var reader = ConfigReader()
        _ = ToolPolicy.parse(try toolsSection(yaml), at: "tools", reader: &reader)
        return reader.errors.map(\.description)
    }

    static func toolsSection(_ yaml: String) throws -> ConfigValue {
        guard case .map(let entries) = try YAMLDocument.parse(yaml, root: "config"), let tools = entries.first(where: { $0.key == "tools" }) else {
            throw ConfigErrors([ConfigError("config", "no tools section")])
        }
        return tools.value
    }

    static func engine(_ yaml: String = config, disabled: Set<String> = []) throws -> ToolPolicyEngine {
        ToolPolicyEngine(policy: try policy(yaml), counters: InMemoryToolCounterStore(), disabledTools: disabled)
    }

    /// A `refund_order` intent with arguments written as JSON text, so numbers keep their text.
    static func refund(_ arguments: String = #"{"order_id": 12345, "amount": 50.00}"#, role: String = "agent", user: String? = "u-1") throws
        -> ToolCallIntent
    {
        ToolCallIntent(tool: "refund_order", arguments: try JSON.parse(Array(arguments.utf8)), role: role, user: user, tenant: "acme")
    }

    static func codes(_ decision: ToolDecision) -> [String] { decision.reasons.map(\.code.rawValue) }

    // MARK: - The seeds' example and its variants

    @Test func seedExampleIsAllowedForAnAgent() throws {
        let decision = try Self.engine().evaluate(Self.refund(), now: t0)
        #expect(decision == ToolDecision(outcome: .allow, reasons: [], risk: ToolRisk(irreversible: true, blastRadius: .single, compliance: .financial)))
    }

    @Test func wrongRoleIsDenied() throws {
        let decision = try Self.engine().evaluate(Self.refund(role: "customer"), now: t0)
        #expect(decision.outcome == .deny)
        #expect(
            decision.reasons == [
                ToolDecisionReason(.roleNotAllowed, .deny, #"role "customer" may not call refund_order (allowed: agent, manager)"#)
            ])
    }

    @Test func limitsArePerRoleAndExactOnTheNumberText() throws {
        let engine = try Self.engine()
        func decide(_ amount: String, _ role: String) throws -> ToolDecision {
            try engine.evaluate(Self.refund(#"{"order_id": 12345, "amount": \#(amount)}"#, role: role), now: t0)
        }
        let agent75 = try decide("75", "agent")
        #expect(agent75.outcome == .review)  // over_limit: review
        #expect(agent75.reasons == [ToolDecisionReason(.argumentOverLimit, .review, "amount 75 exceeds 50 for role agent", argument: "amount")])
        #expect(try decide("75", "manager").outcome == .allow)
        #expect(try decide("200.00", "manager").outcome == .allow)
        #expect(Self.codes(try decide("200.01", "manager")) == ["argument_over_limit"])
        // Decimal, not Double: each of these is a Double 50.0 but more than 50 as a decimal.
        for over in ["50.01", "50.000000000000000000001", "5.00000000000000000001e1"] {
            #expect(try decide(over, "agent").outcome == .review, "\(over)")
        }
        for within in ["50", "50.00", "5e1", "0.5E+2", "500e-1", "49.999999999999999999999", "0", "0.0"] {
            #expect(try decide(within, "agent").outcome == .allow, "\(within)")
        }
    }

    @Test func overLimitDefaultsToDeny() throws {
        let engine = try Self.engine(
            """
            tools:
              refund_order: { limits: [{ argument: amount, max: 10 }] }
            """)
        let decision = engine.evaluate(try Self.refund(role: "anyone"), now: t0)
        #expect(decision.outcome == .deny)
        #expect(decision.reasons == [ToolDecisionReason(.argumentOverLimit, .deny, "amount 50.00 exceeds 10 for every role", argument: "amount")])
    }

    @Test func flaggedOrderIsReviewed() throws {
        let engine = try Self.engine()
        let decision = engine.evaluate(try Self.refund(#"{"order_id": 99999, "amount": 10}"#), now: t0)
        #expect(decision.outcome == .review)
        #expect(decision.reasons == [ToolDecisionReason(.flaggedObject, .review, "order_id 99999 is flagged", argument: "order_id")])
        // Numeric equality: 424242.0 and 4.24242e5 are the flagged order 424242.
        for id in ["424242.0", "4.24242e5", "424242"] {
            #expect(Self.codes(engine.evaluate(try Self.refund(#"{"order_id": \#(id), "amount": 10}"#), now: t0)) == ["flagged_object"], "\(id)")
        }
        #expect(engine.evaluate(try Self.refund(#"{"order_id": 424243, "amount": 10}"#), now: t0).outcome == .allow)
    }

    @Test func flaggedListComparesNumbersAndStringsByValue() throws {
        let engine = try Self.engine(
            """
            tools:
              refund_order: { flagged: { argument: order_id, list: [12345, "A-7", true] } }
            """)
        for id in ["12345", "12345.0", "1.2345e4", #""12345""#, #""12345.00""#, #""A-7""#, "true", "[1, 2, 12345]"] {
            let decision = engine.evaluate(try Self.refund(#"{"order_id": \#(id)}"#), now: t0)
            #expect(decision.outcome == .deny, "\(id)")  // outcome defaults to deny
            #expect(Self.codes(decision) == ["flagged_object"], "\(id)")
        }
        for id in ["12346", #""a-7""#, #""12345 ""#, "false", "null", #"{"id": 12345}"#, "[[12345]]"] {
            #expect(engine.evaluate(try Self.refund(#"{"order_id": \#(id)}"#), now: t0).outcome == .allow, "\(id)")
        }
        let element = engine.evaluate(try Self.refund(#"{"order_id": [1, 12345.000]}"#), now: t0)
        #expect(element.reasons.map(\.message) == ["order_id[1] 12345.000 is flagged"])
    }

    @Test func fourthRefundTodayExceedsTheCounter() throws {
        let engine = try Self.engine()
        for hour in 0..<3 {
            let now = t0 + .seconds(hour * 3_600)
            #expect(engine.evaluate(try Self.refund(), now: now).outcome == .allow)
            engine.record(try Self.refund(), now: now)
        }
        let fourth = engine.evaluate(try Self.refund(), now: t0 + .seconds(4 * 3_600))
        #expect(fourth.outcome == .review)
        #expect(fourth.reasons == [ToolDecisionReason(.counterExceeded, .review, "refunds_per_day: 3 calls in the last 24 h, at most 3 per user")])
        // Per user, per tenant, and over a sliding window.
        #expect(engine.evaluate(try Self.refund(user: "u-2"), now: t0 + .seconds(4 * 3_600)).outcome == .allow)
        var otherTenant = try Self.refund()
        otherTenant.tenant = "globex"
        #expect(engine.evaluate(otherTenant, now: t0 + .seconds(4 * 3_600)).outcome == .allow)
        #expect(engine.evaluate(try Self.refund(), now: t0 + .seconds(86_400)).outcome == .allow)  // the first left the window
        // Evaluation alone records nothing.
        let fresh = try Self.engine()
        for _ in 0..<10 { _ = fresh.evaluate(try Self.refund(), now: t0) }
        #expect(fresh.evaluate(try Self.refund(), now: t0).outcome == .allow)
    }

    @Test func perUserCounterNeedsAUser() throws {
        let engine = try Self.engine()
        let decision = engine.evaluate(try Self.refund(user: nil), now: t0)
        #expect(decision.outcome == .deny)
        #expect(decision.reasons == [ToolDecisionReason(.missingUser, .deny, "refunds_per_day counts calls per user, but the call names no user")])
        engine.record(try Self.refund(user: nil), now: t0)  // nothing to count against: a no-op
    }

    @Test func perTenantCounterCountsEveryUser() throws {
        let engine = try Self.engine(
            """
            tools:
              refund_order: { counters: [{ name: tenant_refunds, per: tenant, window_s: 60, max: 2 }] }
            """)
        engine.record(try Self.refund(user: "a"), now: t0)
        engine.record(try Self.refund(user: nil), now: t0)
        #expect(Self.codes(engine.evaluate(try Self.refund(user: "c"), now: t0)) == ["counter_exceeded"])
        #expect(engine.evaluate(try Self.refund(user: "c"), now: t0 + .seconds(60)).outcome == .allow)
    }

    @Test func invalidArgumentsCarryTheSchemaViolations() throws {
        let engine = try Self.engine()
        let decision = engine.evaluate(try Self.refund(#"{"order_id": "12345", "amount": -5}"#), now: t0)
        #expect(decision.outcome == .deny)
        #expect(
            decision.reasons.map(\.violation) == [
                JSONSchemaViolation(instancePath: "/order_id", keywordLocation: "/properties/order_id/type", message: "expected integer, got string"),
                JSONSchemaViolation(instancePath: "/amount", keywordLocation: "/properties/amount/minimum", message: "must be ≥ 0, got -5"),
            ])
        #expect(decision.reasons.map(\.argument) == ["order_id", "amount"])
        #expect(Set(Self.codes(decision)) == ["invalid_arguments"])
        #expect(decision.reasons[0].message == "/order_id (at /properties/order_id/type): expected integer, got string")

        let missing = engine.evaluate(try Self.refund(#"{"order_id": 12345}"#), now: t0)
        #expect(missing.outcome == .deny)
        #expect(missing.reasons.map(\.message) == [#"(root) (at /required): missing required property "amount""#, "amount is limited for role agent but missing"])
        #expect(missing.reasons.map(\.argument) == [nil, "amount"])
    }

    @Test func limitsFailClosedWithoutASchema() throws {
        let engine = try Self.engine(
            """
            tools:
              refund_order: { limits: [{ role: agent, argument: amount, max: 50 }] }
            """)
        #expect(Self.codes(engine.evaluate(try Self.refund(#"{"order_id": 1}"#), now: t0)) == ["invalid_arguments"])
        let text = engine.evaluate(try Self.refund(#"{"amount": "10"}"#), now: t0)
        #expect(text.reasons.map(\.message) == [#"amount must be a number to check its limit, got "10""#])
        #expect(engine.evaluate(try Self.refund(#"{"amount": 10}"#, role: "manager"), now: t0).outcome == .allow)  // no limit for manager
    }

    @Test func unknownToolGetsTheConfiguredDefault() throws {
        let intent = ToolCallIntent(tool: "transfer_funds", arguments: .object([:]), role: "agent", user: "u-1", tenant: "acme")
        let denied = try Self.engine().evaluate(intent, now: t0)
        #expect(
            denied
                == ToolDecision(
                    outcome: .deny,
                    reasons: [ToolDecisionReason(.unknownTool, .deny, #"no rules declared for "transfer_funds"; undeclared tools get deny"#)],
                    risk: nil))
        let reviewed = try Self.engine(Self.config + "\n  \"*\": { default: review }").evaluate(intent, now: t0)
        #expect(reviewed.outcome == .review)
        #expect(Self.codes(reviewed) == ["unknown_tool"])
    }

    @Test func killSwitchDeniesAtOnce() throws {
        let engine = try Self.engine(disabled: ["refund_order", "not_declared"])
        let decision = engine.evaluate(try Self.refund(#"{"order_id": 99999, "amount": 500}"#, role: "customer"), now: t0)
        #expect(decision.outcome == .deny)
        #expect(decision.reasons == [ToolDecisionReason(.toolDisabled, .deny, #""refund_order" is switched off"#)])
        #expect(decision.risk?.irreversible == true)
        let undeclared = ToolCallIntent(tool: "not_declared", arguments: .object([:]), role: "agent", tenant: "acme")
        #expect(Self.codes(engine.evaluate(undeclared, now: t0)) == ["tool_disabled"])
        // Switched off in config.
        let configured = try Self.engine(
            """
            tools:
              refund_order: { enabled: false }
            """)
        #expect(Self.codes(configured.evaluate(try Self.refund(), now: t0)) == ["tool_disabled"])
        #expect(try Self.engine().evaluate(Self.refund(), now: t0).outcome == .allow)  // others unaffected
    }

    @Test func defaultReviewAddsItsReasonToTheOthers() throws {
        let engine = try Self.engine()
        let call = ToolCallIntent(tool: "delete_account", arguments: .object(["account": "a-1"]), role: "admin", tenant: "acme")
        let admin = engine.evaluate(call, now: t0)
        #expect(admin.outcome == .review)
        #expect(admin.reasons == [ToolDecisionReason(.toolDefault, .review, "every call of delete_account gets review")])
        #expect(admin.risk == ToolRisk(irreversible: true, blastRadius: .account, compliance: .none))
        var agentCall = call
        agentCall.role = "agent"
        let agent = engine.evaluate(agentCall, now: t0)
        #expect(agent.outcome == .deny)
        #expect(Self.codes(agent) == ["role_not_allowed", "tool_default"])
    }

    @Test func everyFailedRuleAddsAReasonAndDenyWins() throws {
        let engine = try Self.engine()
        for _ in 0..<3 { engine.record(try Self.refund(), now: t0) }
        let decision = engine.evaluate(try Self.refund(#"{"order_id": 99999, "amount": 500}"#, role: "intern"), now: t0)
        #expect(decision.outcome == .deny)
        #expect(Self.codes(decision) == ["role_not_allowed", "flagged_object", "counter_exceeded"])  // no limit row for intern
        let agent = engine.evaluate(try Self.refund(#"{"order_id": 99999, "amount": 500}"#), now: t0)
        #expect(agent.outcome == .review)
        #expect(agent.reasons.map(\.outcome) == [.review, .review, .review])
        #expect(Self.codes(agent) == ["argument_over_limit", "flagged_object", "counter_exceeded"])
    }

    // MARK: - Hostile input

    @Test func nonObjectArgumentsAreInvalid() throws {
        let engine = try Self.engine()
        for (arguments, kind) in [("[12345, 50]", "an array"), (#""order 12345""#, "a string"), ("null", "null"), ("50", "a number")] {
            let decision = engine.evaluate(try Self.refund(arguments), now: t0)
            #expect(decision.outcome == .deny)
            #expect(decision.reasons == [ToolDecisionReason(.invalidArguments, .deny, "the arguments must be a JSON object, got \(kind)")])
        }
    }

    @Test func numberTextThatIsNotANumberFailsClosed() throws {
        let engine = try Self.engine()
        for text in ["NaN", "Infinity", "-Infinity", "-", "", "0x32", " 50", "50.", ".5", "1e", "+5", "١٢"] {
            let intent = ToolCallIntent(
                tool: "refund_order", arguments: .object(["order_id": .number(12345), "amount": .number(text)]), role: "agent", user: "u-1",
                tenant: "acme")
            let decision = engine.evaluate(intent, now: t0)
            #expect(decision.outcome == .deny, "\(text)")
            #expect(decision.reasons.allSatisfy { $0.code == .invalidArguments && $0.argument == "amount" }, "\(text)")
            #expect(decision.reasons.contains { $0.message.hasPrefix("amount must be a number to check its limit") }, "\(text)")
        }
        // Enormous exponents saturate instead of wrapping: still over the limit, never under.
        let huge = engine.evaluate(try Self.refund(#"{"order_id": 12345, "amount": 1e99999999999999999999}"#), now: t0)
        #expect(Self.codes(huge) == ["argument_over_limit"])
        let tiny = engine.evaluate(try Self.refund(#"{"order_id": 12345, "amount": 1e-99999999999999999999}"#), now: t0)
        #expect(tiny.outcome == .allow)
    }

    @Test func hugeArgumentsAreDecidedWithoutBlowingUp() throws {
        let engine = try Self.engine()
        // 100,000 extra members (the schema allows additional properties).
        var text = #"{"order_id": 12345, "amount": 50.00"#
        for index in 0..<100_000 { text += #", "note_\#(index)": "x""# }
        let wide = try Self.refund(text + "}")
        #expect(engine.evaluate(wide, now: t0).outcome == .allow)
        // A megabyte of digits is refused before any decimal parsing.
        let digits = String(repeating: "9", count: 1 << 20)
        let long = ToolCallIntent(
            tool: "refund_order", arguments: .object(["order_id": .number(12345), "amount": .number(digits)]), role: "agent", user: "u-1",
            tenant: "acme")
        let decision = engine.evaluate(long, now: t0)
        #expect(decision.reasons == [ToolDecisionReason(.invalidArguments, .deny, "amount holds number text of 1048576 characters (at most 256)", argument: "amount")])
        // …also deep inside, and in the flagged argument as a string of digits.
        var nested = JSON.number(digits)
        for _ in 0..<10_000 { nested = .array([nested]) }
        let deep = ToolCallIntent(tool: "refund_order", arguments: .object(["extra": nested, "order_id": .number(1), "amount": .number(1)]), role: "agent", user: "u-1", tenant: "acme")
        #expect(Self.codes(engine.evaluate(deep, now: t0)) == ["invalid_arguments"])
        let noSchema = try Self.engine(
            """
            tools:
              refund_order: { flagged: { argument: order_id, list: [12345] } }
            """)
        let padded = "12345." + String(repeating: "0", count: 1_000)
        let stringID = ToolCallIntent(tool: "refund_order", arguments: .object(["order_id": .string(padded)]), role: "agent", tenant: "acme")
        #expect(noSchema.evaluate(stringID, now: t0).reasons.map(\.message) == ["order_id is too long to compare with the flagged list"])
        let megabyteString = ToolCallIntent(
            tool: "refund_order", arguments: .object(["order_id": .string(String(repeating: "é", count: 1 << 19))]), role: "agent", tenant: "acme")
        #expect(noSchema.evaluate(megabyteString, now: t0).outcome == .allow)
    }

    @Test func hostileNamesAreShortenedInMessages() throws {
        let engine = try Self.engine()
        let name = String(repeating: "a\u{301}", count: 10_000)  // one long run of combining marks
        let unknown = engine.evaluate(ToolCallIntent(tool: name, arguments: .object([:]), role: name, tenant: "acme"), now: t0)
        #expect(unknown.reasons.count == 1)
        #expect(unknown.reasons[0].message.utf8.count < 200)
        let role = engine.evaluate(try Self.refund(role: name), now: t0)
        #expect(role.reasons[0].code == .roleNotAllowed)
        #expect(role.reasons[0].message.utf8.count < 200)
        let flagged = engine.evaluate(
            ToolCallIntent(tool: "refund_order", arguments: .object(["order_id": .string(name), "amount": .number(1)]), role: "agent", user: "u", tenant: "acme"),
            now: t0)
        #expect(flagged.reasons.map(\.code) == [.invalidArguments])  // type: integer
    }
}
