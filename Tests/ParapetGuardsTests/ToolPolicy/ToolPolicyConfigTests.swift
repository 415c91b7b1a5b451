import ParapetCore
import Testing

@testable import ParapetGuards

@Suite struct ToolPolicyConfigTests {
    @Test func theExampleParsesIntoTypedRules() throws {
        let policy = try ToolPolicyTests.policy()
        #expect(policy.unknownTool == .deny)
        #expect(Set(policy.tools.keys) == ["refund_order", "delete_account"])
        let refund = try #require(policy.tools["refund_order"])
        #expect(refund.roles == ["agent", "manager"])
        #expect(refund.limits.map(\.role) == ["agent", "manager"])
        #expect(refund.limits.map(\.max) == ["50", "200"])
        #expect(refund.counters == [ToolCounterRule(name: "refunds_per_day", scope: .user, window: .seconds(86_400), max: 3, storeKey: "refund_order.refunds_per_day")])
        #expect(refund.flagged?.values == [.number(99999), .number(424242)])
        #expect(refund.flagged?.outcome == .review)
        #expect(refund.overLimit == .review)
        #expect(refund.defaultOutcome == .allow)
        #expect(refund.enabled)
        #expect(refund.parameters?["required"] == .array(["order_id", "amount"]))
        let delete = try #require(policy.tools["delete_account"])
        #expect(delete.roles == ["admin"])
        #expect(delete.defaultOutcome == .review)
        #expect(delete.overLimit == .deny)
        #expect(delete.parameters == nil)
    }

    @Test func limitsKeepTheDecimalTheAuthorWrote() throws {
        let policy = try ToolPolicyTests.policy(
            """
            tools:
              pay: { limits: [{ role: a, argument: x, max: 0.1 }, { role: b, argument: x, max: "199.990" }, { argument: x, max: 1e3 }, { role: c, argument: x, max: -2 }] }
            """)
        #expect(policy.tools["pay"]?.limits.map(\.max) == ["0.1", "199.99", "1000", "-2"])
        #expect(policy.tools["pay"]?.limits.map(\.role) == ["a", "b", nil, "c"])
    }

    @Test func unknownToolDefaultIsConfigurable() throws {
        #expect(try ToolPolicyTests.policy("tools: { \"*\": { default: allow } }").unknownTool == .allow)
        #expect(try ToolPolicyTests.policy("tools: {}").unknownTool == .deny)
        #expect(try ToolPolicyTests.policy("tools: {}").tools.isEmpty)
    }

    @Test func everyErrorNamesItsPath() throws {
        let errors = try ToolPolicyTests.errors(
            """
            tools:
              refund_order:
                parameters: { type: object, properties: { order_id: { type: integer }, amount: { type: 12 } } }
                colour: red
                risk: { irreversible: maybe, blast_radius: planet, compliance: financial, cost: 3 }
                roles: [agent, ""]
                limits:
                  - { role: manger, argument: amount, max: 50 }
                  - { role: agent, argument: amount, max: lots }
                  - { argument: amount }
                  - { role: agent, argument: amount, max: 60 }
                  - { role: agent, argument: amount, max: 70 }
                counters:
                  - { name: per_day, per: user, window_s: 0, max: 3 }
                  - { name: per_hour, per: session, window_s: 3600, max: 100000 }
                  - { per: user, window_s: 60, max: 1 }
                  - { name: per_day, per: tenant, window_s: 60, max: 1 }
                flagged: { argument: order_id, list: [1, { id: 2 }, [3], null], outcome: allow }
                over_limit: allow
                default: maybe
                enabled: "no"
              issue_credit:
                parameters: { type: object, properties: { amount: { type: number } } }
                limits: [{ argument: amout, max: 5 }]
                flagged: { list: [1] }
              "": {}
              ping: []
              "*": { default: maybe, extra: 1 }
            """)
        let expected = [
            #"tools.refund_order.colour: unknown field (expected one of: counters, default, description, enabled, flagged, limits, over_limit, parameters, risk, roles)"#,
            #"tools.refund_order.roles[1]: must not be empty"#,
            #"tools.refund_order.parameters: not a usable JSON Schema: must be a type name or an array of them at /properties/amount/type"#,
            #"tools.refund_order.risk.cost: unknown field (expected one of: blast_radius, compliance, irreversible)"#,
            #"tools.refund_order.risk.irreversible: expected true or false, got a string"#,
            #"tools.refund_order.risk.blast_radius: unknown blast radius "planet" (expected one of: single, account, tenant, global)"#,
            #"tools.refund_order.limits[0].role: "manger" is not one of the tool's roles (agent)"#,
            #"tools.refund_order.limits[1].max: expected a number, got "lots""#,
            #"tools.refund_order.limits[2].max: required: the largest allowed value"#,
            #"tools.refund_order.limits[4]: a second limit on amount for role agent"#,
            #"tools.refund_order.counters[0].window_s: must be between 1 and 31622400, got 0"#,
            #"tools.refund_order.counters[1].per: unknown counter scope "session" (expected one of: user, tenant)"#,
            #"tools.refund_order.counters[1].max: must be between 1 and 10000, got 100000"#,
            #"tools.refund_order.counters[2].name: required: the counter's name"#,
            #"tools.refund_order.counters[3].name: duplicate counter "per_day""#,
            #"tools.refund_order.flagged.outcome: must be deny or review"#,
            #"tools.refund_order.flagged.list[1]: expected a number, a string or a boolean of at most 256 digits"#,
            #"tools.refund_order.flagged.list[2]: expected a number, a string or a boolean of at most 256 digits"#,
            #"tools.refund_order.flagged.list[3]: expected a number, a string or a boolean of at most 256 digits"#,
            #"tools.refund_order.over_limit: must be deny or review"#,
            #"tools.refund_order.default: unknown outcome "maybe" (expected one of: allow, review, deny)"#,
            #"tools.refund_order.enabled: expected true or false, got a string"#,
            #"tools.issue_credit.limits[0].argument: "amout" is not a property of the tool's parameters (amount)"#,
            #"tools.issue_credit.flagged.argument: required: a top-level argument name"#,
            #"tools[""]: a tool name must not be empty"#,
            #"tools.ping: expected a mapping, got a list"#,
            #"tools["*"].extra: unknown field (expected one of: default)"#,
            #"tools["*"].default: unknown outcome "maybe" (expected one of: allow, review, deny)"#,
        ]
        for line in expected { #expect(errors.contains(line), "missing: \(line)") }
        for line in errors where !expected.contains(line) { Issue.record("unexpected: \(line)") }
    }

    @Test func theSectionMustBeAMapping() throws {
        #expect(try ToolPolicyTests.errors("tools: [refund_order]") == ["tools: expected a mapping, got a list"])
        #expect(try ToolPolicyTests.errors("tools: { t: { roles: [] } }") == ["tools.t.roles: must not be empty"])
        #expect(try ToolPolicyTests.errors("tools: { t: { flagged: { argument: id } } }") == ["tools.t.flagged.list: required: the flagged values (or a permission service, or both)"])
        #expect(
            try ToolPolicyTests.errors("tools: { t: { limits: [{ argument: x, max: .inf }, { argument: y, max: 1e400 }, { argument: z, max: .nan }] } }") == [
                #"tools.t.limits[0].max: expected a number, got ".inf""#,
                "tools.t.limits[1].max: expected a finite number, got a number",
                #"tools.t.limits[2].max: expected a number, got ".nan""#,
            ])
    }
}
