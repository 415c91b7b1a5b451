import ParapetCore
import ParapetStore
import Testing

@testable import ParapetReview

@Suite struct EscalationEngineTests {
    /// An engine with only `trigger` (priority 10) and an empty risk matrix, never sampling.
    static func single(_ trigger: String, memory: any EscalationMemory = InMemoryEscalationMemory()) throws -> EscalationEngine {
        try ReviewFixtures.engine(#"{ "sample_rate": 0, "triggers": [\#(trigger)] }"#, memory: memory)
    }

    static func input(
        confidence: Double? = nil, tokens: Int? = nil, categories: [String] = [], answer: JSON? = nil,
        tools: [EscalationInput.ToolCall] = [], user: String? = nil, taskType: String? = nil, subject: String? = nil, tenant: String = "acme"
    ) -> EscalationInput {
        EscalationInput(
            tenant: tenant, route: "support", user: user, taskType: taskType, subject: subject, confidence: confidence,
            outputTokens: tokens, categories: categories, answer: answer, toolCalls: tools)
    }

    static func kinds(_ decision: EscalationDecision) -> [TriggerKind] { decision.fired.map(\.kind) }

    // MARK: - Each trigger, firing and not

    @Test func confidenceBandFiresInsideTheBandOnly() throws {
        let engine = try Self.single(#"{ "kind": "confidence_band", "low": 0.5, "high": 0.85, "priority": 10 }"#)
        for confidence in [0.5, 0.6, 0.849] {
            let decision = engine.evaluate(Self.input(confidence: confidence), sample: 0.5)
            #expect(Self.kinds(decision) == [.confidenceBand], "confidence \(confidence)")
        }
        for confidence in [0.85, 0.95, 0.49] as [Double?] + [nil] {
            #expect(engine.evaluate(Self.input(confidence: confidence), sample: 0.5).fired.isEmpty, "confidence \(String(describing: confidence))")
        }
        let fired = try #require(engine.evaluate(Self.input(confidence: 0.6234), sample: 0.5).fired.first)
        #expect(fired == FiredTrigger(kind: .confidenceBand, priority: 10, detail: "confidence 0.6234 in [0.5, 0.85)"))
    }

    @Test func amountAboveLooksIntoTheAnswerAndToolArguments() throws {
        let engine = try Self.single(#"{ "kind": "amount_above", "field": "refund.amount", "threshold": 100, "priority": 10 }"#)
        let above: [EscalationInput] = [
            Self.input(answer: .object(["refund": .object(["amount": .number(100.01)])])),
            Self.input(answer: .object(["refund": .object(["amount": "250.00"])])),
            Self.input(tools: [.init(name: "refund_order", arguments: .object(["refund": .object(["amount": .number(500)])]))]),
            Self.input(
                answer: .object(["refund": .object(["amount": .number(5)])]),
                tools: [.init(name: "a", arguments: .object([:])), .init(name: "b", arguments: .object(["refund": .object(["amount": .number(101)])]))]),
        ]
        for input in above {
            let decision = engine.evaluate(input, sample: 0.5)
            #expect(decision.fired == [FiredTrigger(kind: .amountAbove, priority: 10, detail: "amount above 100 at refund.amount")])
        }
        let notAbove: [EscalationInput] = [
            Self.input(answer: .object(["refund": .object(["amount": .number(100)])])),
            Self.input(answer: .object(["refund": .object(["amount": "a lot"])])),
            Self.input(answer: .object(["amount": .number(1000)])),
            Self.input(answer: .object(["refund": .number(1000)])),
            Self.input(answer: .object(["refund": .object(["amount": "1e999"])])),
            Self.input(),
        ]
        for input in notAbove { #expect(engine.evaluate(input, sample: 0.5).fired.isEmpty) }
    }

    @Test func amountPathsIndexArrays() throws {
        let engine = try Self.single(#"{ "kind": "amount_above", "field": "items.1.price", "threshold": 10 }"#)
        let items: JSON = .object(["items": .array([.object(["price": .number(1)]), .object(["price": .number(20)])])])
        #expect(Self.kinds(engine.evaluate(Self.input(answer: items), sample: 0.5)) == [.amountAbove])
        let short: JSON = .object(["items": .array([.object(["price": .number(20)])])])
        #expect(engine.evaluate(Self.input(answer: short), sample: 0.5).fired.isEmpty)
    }

    @Test func irreversibleActionFiresOnListedTools() throws {
        let engine = try Self.single(#"{ "kind": "irreversible_action", "tools": ["refund_order", "delete_account"], "priority": 90 }"#)
        let call = EscalationInput.ToolCall(name: "delete_account", arguments: .object([:]))
        let lookup = EscalationInput.ToolCall(name: "lookup_order", arguments: .object([:]))
        #expect(engine.evaluate(Self.input(tools: [lookup, call]), sample: 0.5).fired == [
            FiredTrigger(kind: .irreversibleAction, priority: 90, detail: "irreversible tool delete_account")
        ])
        #expect(engine.evaluate(Self.input(tools: [lookup]), sample: 0.5).fired.isEmpty)
        #expect(engine.evaluate(Self.input(), sample: 0.5).fired.isEmpty)
    }

    @Test func categoryFiresOnExactIdsAndWildcards() throws {
        let engine = try Self.single(#"{ "kind": "category", "categories": ["pii.*", "output.ungrounded"] }"#)
        #expect(engine.evaluate(Self.input(categories: ["pii.email"]), sample: 0.5).fired.first?.detail == "category pii.email matches pii.*")
        #expect(Self.kinds(engine.evaluate(Self.input(categories: ["secret.aws", "output.ungrounded"]), sample: 0.5)) == [.category])
        for categories in [["output.ungrounded_extra"], ["pii"], ["piix.email"], ["secret.aws"], []] {
            #expect(engine.evaluate(Self.input(categories: categories), sample: 0.5).fired.isEmpty, "\(categories)")
        }
        #expect(engine.evaluate(Self.input(categories: ["secret.aws", "pii.phone"]), sample: 0.5).category == "pii.phone")
        #expect(engine.evaluate(Self.input(confidence: 0.2, categories: ["secret.aws"]), sample: 0.5).category == nil)

        let two = try ReviewFixtures.engine(
            #"""
            { "triggers": [
                { "kind": "category", "categories": ["pii.*"], "priority": 10 },
                { "kind": "category", "categories": ["secret.*"], "priority": 30 },
                { "kind": "category", "categories": ["topic.*"], "priority": 20 }
            ] }
            """#)
        #expect(two.evaluate(Self.input(categories: ["pii.email", "topic.legal", "secret.aws"]), sample: 0.5).category == "secret.aws")
        #expect(two.evaluate(Self.input(categories: ["pii.email", "topic.legal"]), sample: 0.5).category == "topic.legal")

        let everything = try Self.single(#"{ "kind": "category", "categories": ["*"] }"#)
        #expect(Self.kinds(everything.evaluate(Self.input(categories: ["topic.legal"]), sample: 0.5)) == [.category])
        #expect(everything.evaluate(Self.input(), sample: 0.5).fired.isEmpty)
    }

    @Test func outputTokensAboveFiresOverTheLimit() throws {
        let engine = try Self.single(#"{ "kind": "output_tokens_above", "tokens": 800 }"#)
        #expect(engine.evaluate(Self.input(tokens: 801), sample: 0.5).fired.first?.detail == "801 output tokens, above 800")
        #expect(engine.evaluate(Self.input(tokens: 800), sample: 0.5).fired.isEmpty)
        #expect(engine.evaluate(Self.input(), sample: 0.5).fired.isEmpty)
    }

    @Test func firstTimeTaskFiresUntilTheUserHasHadTheTaskType() throws {
        let engine = try Self.single(#"{ "kind": "first_time_task", "priority": 20 }"#)
        let first = Self.input(user: "u1", taskType: "refund")
        #expect(engine.evaluate(first, sample: 0.5).fired == [
            FiredTrigger(kind: .firstTimeTask, priority: 20, detail: "first call of this task type for this user")
        ])
        #expect(engine.evaluate(first, sample: 0.5).fired.count == 1, "evaluating does not remember")
        engine.remember(first)
        #expect(engine.evaluate(first, sample: 0.5).fired.isEmpty)
        #expect(!engine.evaluate(Self.input(user: "u2", taskType: "refund"), sample: 0.5).fired.isEmpty, "another user")
        #expect(!engine.evaluate(Self.input(user: "u1", taskType: "cancel"), sample: 0.5).fired.isEmpty, "another task type")
        #expect(!engine.evaluate(Self.input(user: "u1", taskType: "refund", tenant: "other"), sample: 0.5).fired.isEmpty, "another tenant")
        #expect(engine.evaluate(Self.input(user: "u1"), sample: 0.5).fired.isEmpty, "no task type: nothing to compare")
        #expect(engine.evaluate(Self.input(taskType: "refund"), sample: 0.5).fired.isEmpty, "no user: nothing to compare")
    }

    @Test func contradictionFiresWhenTheDecisionForASubjectChanges() throws {
        let engine = try Self.single(#"{ "kind": "contradiction", "field": "decision", "priority": 70 }"#)
        func answer(_ decision: JSON, subject: String? = "order-1") -> EscalationInput {
            Self.input(answer: .object(["decision": decision, "why": "…"]), subject: subject)
        }
        #expect(engine.evaluate(answer("approve"), sample: 0.5).fired.isEmpty, "nothing remembered yet")
        engine.remember(answer("approve"))
        #expect(engine.evaluate(answer("approve"), sample: 0.5).fired.isEmpty)
        #expect(engine.evaluate(answer("deny"), sample: 0.5).fired == [
            FiredTrigger(kind: .contradiction, priority: 70, detail: "decision differs from the last decision for this subject")
        ])
        #expect(engine.evaluate(answer("deny", subject: "order-2"), sample: 0.5).fired.isEmpty, "another subject")
        #expect(engine.evaluate(answer("deny", subject: nil), sample: 0.5).fired.isEmpty, "no subject")
        #expect(engine.evaluate(Self.input(answer: .object(["other": "x"]), subject: "order-1"), sample: 0.5).fired.isEmpty, "no decision")

        engine.remember(answer("deny"))
        #expect(engine.evaluate(answer("deny"), sample: 0.5).fired.isEmpty, "the last decision is what counts")
        #expect(!engine.evaluate(answer("approve"), sample: 0.5).fired.isEmpty)

        engine.remember(answer(.number("50")))
        #expect(engine.evaluate(answer(.number("50.0")), sample: 0.5).fired.isEmpty, "numbers compare by value")
        #expect(!engine.evaluate(answer(.number("51")), sample: 0.5).fired.isEmpty)
    }

    @Test func contradictionReadsToolArguments() throws {
        let engine = try Self.single(#"{ "kind": "contradiction", "field": "amount" }"#)
        let first = Self.input(tools: [.init(name: "refund_order", arguments: .object(["amount": .number(50)]))], subject: "order-9")
        engine.remember(first)
        let second = Self.input(tools: [.init(name: "refund_order", arguments: .object(["amount": .number(80)]))], subject: "order-9")
        #expect(Self.kinds(engine.evaluate(second, sample: 0.5)) == [.contradiction])
    }

    // MARK: - Order, risk, policy

    @Test func firedTriggersAreSortedByPriorityThenConfigurationOrder() throws {
        let engine = try ReviewFixtures.engine()
        var input = ReviewFixtures.refund(500, confidence: 0.6)
        input.categories = ["pii.email"]
        input.outputTokens = 900
        let decision = engine.evaluate(input, sample: 0.5)
        #expect(Self.kinds(decision) == [.riskMatrix, .category, .confidenceBand, .amountAbove, .outputTokensAbove])
        #expect(decision.fired.map(\.priority) == [100, 60, 50, 40, 10])

        let ties = try ReviewFixtures.engine(
            #"""
            { "triggers": [
                { "kind": "output_tokens_above", "tokens": 1, "priority": 5 },
                { "kind": "category", "categories": ["*"], "priority": 5 },
                { "kind": "confidence_band", "low": 0, "high": 1, "priority": 6 }
            ], "risk": { "trigger_priority": 5, "confidence": { "below": [[1, 3]] }, "levels": { "medium": 3 } } }
            """#)
        let tied = ties.evaluate(Self.input(confidence: 0.5, tokens: 2, categories: ["pii.email"]), sample: 0.5)
        #expect(Self.kinds(tied) == [.confidenceBand, .outputTokensAbove, .category, .riskMatrix])
    }

    @Test func smallRefundByAnAgentIsLowAndAutomatic() throws {
        let decision = try ReviewFixtures.engine().evaluate(ReviewFixtures.refund(50), sample: 0.5)
        #expect(decision.fired.isEmpty)
        #expect(decision.scores == RiskScores(irreversibility: 2))
        #expect(decision.level == .low && decision.policy == .auto && decision.handoff == .none && !decision.escalated)
        #expect(decision.reviewKind == nil)
    }

    @Test func bigRefundIsEscalatedAndHeld() throws {
        let decision = try ReviewFixtures.engine().evaluate(ReviewFixtures.refund(500), sample: 0.5)
        #expect(Self.kinds(decision) == [.riskMatrix, .amountAbove])
        #expect(decision.scores == RiskScores(irreversibility: 2, blastRadius: 2), "amount_above contributes blast_radius 2")
        #expect(decision.level == .high && decision.policy == .twoReviewers)
        #expect(decision.handoff == .preAction && decision.reviewKind == .preAction)
        #expect(decision.fired.first?.detail == "level high (score 4) needs two_reviewers")
    }

    @Test func deletingAnAccountIsCriticalWithASenior() throws {
        let input = EscalationInput(
            tenant: "acme", route: "support", confidence: 0.95, toolCalls: [.init(name: "delete_account", arguments: .object(["user_id": "u-7"]))])
        let decision = try ReviewFixtures.engine().evaluate(input, sample: 0.5)
        #expect(decision.scores == RiskScores(irreversibility: 3, blastRadius: 3))
        #expect(decision.level == .critical && decision.policy == .twoWithSenior)
        #expect(decision.policy.requiredApprovals == 2 && decision.policy.requiresSenior)
        #expect(Self.kinds(decision) == [.riskMatrix, .irreversibleAction])
        #expect(decision.handoff == .preAction)
    }

    /// The README's table, row by row.
    @Test func readmeExampleTable() throws {
        let engine = try ReviewFixtures.engine()
        let delete = EscalationInput(tenant: "acme", route: "support", confidence: 0.9, toolCalls: [.init(name: "delete_account", arguments: .object([:]))])
        let rows: [(EscalationInput, [TriggerKind], RiskScores, RiskLevel, ReviewPolicy, EscalationDecision.Handoff)] = [
            (ReviewFixtures.refund(50), [], RiskScores(irreversibility: 2), .low, .auto, .none),
            (ReviewFixtures.refund(500), [.riskMatrix, .amountAbove], RiskScores(irreversibility: 2, blastRadius: 2), .high, .twoReviewers, .preAction),
            (delete, [.riskMatrix, .irreversibleAction], RiskScores(irreversibility: 3, blastRadius: 3), .critical, .twoWithSenior, .preAction),
            (Self.input(confidence: 0.9, categories: ["pii.email"]), [.category], RiskScores(compliance: 2), .low, .oneReviewer, .postAudit),
            (
                Self.input(confidence: 0.6, categories: ["pii.email"]), [.riskMatrix, .category, .confidenceBand], RiskScores(compliance: 2, confidence: 2),
                .high, .twoReviewers, .preAction
            ),
        ]
        for (index, row) in rows.enumerated() {
            let decision = engine.evaluate(row.0, sample: 0.5)
            #expect(Self.kinds(decision) == row.1, "row \(index)")
            #expect(decision.scores == row.2 && decision.level == row.3 && decision.policy == row.4 && decision.handoff == row.5, "row \(index)")
        }
    }

    @Test func riskLevelsFollowTheSumOfTheScores() throws {
        let engine = try ReviewFixtures.engine(
            #"""
            { "sample_rate": 0, "triggers": [], "risk": {
                "confidence": { "below": [[0.5, 3], [0.7, 2], [0.85, 1]], "missing": 1 },
                "compliance": { "categories": { "pii.*": 2, "pii.ssn": 3 } } } }
            """#)
        let cases: [(Double?, [String], Int, RiskLevel, ReviewPolicy)] = [
            (0.9, [], 0, .low, .auto),
            (nil, [], 1, .low, .auto),
            (0.8, ["pii.email"], 3, .medium, .oneReviewer),
            (0.6, ["pii.email"], 4, .high, .twoReviewers),
            (0.4, ["pii.ssn"], 6, .critical, .twoWithSenior),
            (0.4, [], 3, .medium, .oneReviewer),
        ]
        for (confidence, categories, total, level, policy) in cases {
            let decision = engine.evaluate(Self.input(confidence: confidence, categories: categories), sample: 0.5)
            #expect(decision.scores.total == total && decision.level == level && decision.policy == policy, "\(String(describing: confidence)) \(categories)")
        }
    }

    @Test func toolAndCategoryRulesTakeTheHighestListedScoreOrTheDefault() throws {
        let group = try #require(CategoryPattern("pii.*"))
        let ssn = try #require(CategoryPattern("pii.ssn"))
        let rule = RiskMatrix.ToolAndCategoryRule(defaultScore: 1, tools: ["lookup": 0, "refund": 2], categories: [(group, 2), (ssn, 3)])
        #expect(rule.score(tools: [], categories: []) == 1)
        #expect(rule.score(tools: ["other"], categories: []) == 1)
        #expect(rule.score(tools: ["lookup"], categories: []) == 0)
        #expect(rule.score(tools: ["lookup", "refund"], categories: []) == 2)
        #expect(rule.score(tools: ["lookup"], categories: ["pii.ssn"]) == 3)
    }

    // MARK: - Handoff and sampling

    @Test func handoffFollowsTheMode() throws {
        let pii = Self.input(confidence: 0.95, categories: ["pii.email"])
        let band = Self.input(confidence: 0.7)
        let smallIrreversible = ReviewFixtures.refund(150)
        for (mode, expected) in [
            ("pre_action", [EscalationDecision.Handoff.preAction, .preAction, .preAction]),
            ("post_audit", [.postAudit, .postAudit, .postAudit]),
            ("confidence", [.postAudit, .preAction, .preAction]),
        ] {
            let engine = try ReviewFixtures.engine(
                #"""
                { "mode": "\#(mode)", "triggers": [
                    { "kind": "category", "categories": ["pii.*"] },
                    { "kind": "confidence_band", "low": 0.5, "high": 0.85 },
                    { "kind": "amount_above", "field": "amount", "threshold": 100 }
                ], "risk": { "irreversibility": { "tools": { "refund_order": 2 } } } }
                """#)
            let handoffs = [pii, band, smallIrreversible].map { engine.evaluate($0, sample: 0.99).handoff }
            #expect(handoffs == expected, "mode \(mode)")
            #expect([pii, band, smallIrreversible].allSatisfy { engine.evaluate($0, sample: 0.99).policy == .oneReviewer })
        }
    }

    @Test func confidenceModeHoldsHighLevelsAndIrreversibleTriggers() throws {
        let engine = try ReviewFixtures.engine(
            #"""
            { "triggers": [{ "kind": "irreversible_action", "tools": ["send_email"] }],
              "risk": { "compliance": { "categories": { "pii.*": 2 } }, "confidence": { "below": [[0.7, 2]] } } }
            """#)
        let email = Self.input(confidence: 0.99, tools: [.init(name: "send_email", arguments: .object([:]))])
        #expect(engine.evaluate(email, sample: 0.99).handoff == .preAction)
        let risky = Self.input(confidence: 0.6, categories: ["pii.phone"])
        let decision = engine.evaluate(risky, sample: 0.99)
        #expect(decision.level == .high && Self.kinds(decision) == [.riskMatrix] && decision.handoff == .preAction)
    }

    @Test func autoApprovedCallsAreSampledForPostAudit() throws {
        let engine = try ReviewFixtures.engine()
        let sampled = engine.evaluate(ReviewFixtures.refund(50), sample: 0.049)
        #expect(sampled.handoff == .postAudit && sampled.sampled && sampled.policy == .oneReviewer && sampled.fired.isEmpty)
        #expect(sampled.level == .low && !sampled.escalated && sampled.triggersJSON == Array("[]".utf8))
        let delivered = engine.evaluate(ReviewFixtures.refund(50), sample: 0.05)
        #expect(delivered.handoff == .none && !delivered.sampled && delivered.policy == .auto)
        let escalated = engine.evaluate(ReviewFixtures.refund(500), sample: 0.0)
        #expect(!escalated.sampled && escalated.handoff == .preAction, "escalated calls are not samples")

        let never = try ReviewFixtures.engine(#"{ "sample_rate": 0 }"#)
        #expect(never.evaluate(Self.input(), sample: 0).handoff == .none)
        let always = try ReviewFixtures.engine(#"{ "sample_rate": 1, "mode": "pre_action" }"#)
        #expect(always.evaluate(Self.input(), sample: 0.999).handoff == .postAudit, "sampling applies in every mode")
    }

    // MARK: - Priority

    @Test func priorityIsUrgencyTimesValue() throws {
        let engine = try ReviewFixtures.engine()
        func priority(_ input: EscalationInput) -> Double { engine.evaluate(input, sample: 0.5).priority }
        // Band [0.5, 0.85), threshold at its middle, 0.675.
        #expect(abs(priority(Self.input(confidence: 0.675)) - 1) < 1e-9)
        #expect(abs(priority(Self.input(confidence: 0.5875)) - 0.5) < 1e-9)
        #expect(abs(priority(Self.input(confidence: 0.7625)) - 0.5) < 1e-9)
        #expect(priority(Self.input(confidence: 0.5)) == 0)
        #expect(priority(Self.input(confidence: 0.95)) == 0, "outside the band")
        #expect(priority(Self.input()) == 0.5, "no confidence")
        // Value: 1 + log10(1 + amount).
        #expect(abs(priority(ReviewFixtures.refund(999, confidence: 0.675)) - 4) < 1e-9)
        #expect(abs(priority(ReviewFixtures.refund(99, confidence: nil)) - 1.5) < 1e-9)
        #expect(abs(priority(ReviewFixtures.refund(-20, confidence: nil)) - 0.5) < 1e-9, "negative amounts count as 0")

        let noBand = try ReviewFixtures.engine(#"{ "triggers": [] }"#)
        #expect(noBand.evaluate(ReviewFixtures.refund(999, confidence: 0.7), sample: 0.5).priority == 0.5, "no band, no amount field")

        let skewed = try ReviewFixtures.engine(#"{ "triggers": [{ "kind": "confidence_band", "low": 0.6, "high": 0.9, "threshold": 0.8 }] }"#)
        #expect(abs(skewed.evaluate(Self.input(confidence: 0.7), sample: 0.5).priority - 0.5) < 1e-9)
        #expect(abs(skewed.evaluate(Self.input(confidence: 0.85), sample: 0.5).priority - 0.5) < 1e-9)
        #expect(skewed.evaluate(Self.input(confidence: 0.8), sample: 0.5).priority == 1)
    }

    // MARK: - Records

    @Test func firedTriggersRoundTripThroughJSON() throws {
        let decision = try ReviewFixtures.engine().evaluate(ReviewFixtures.refund(500), sample: 0.5)
        let bytes = decision.triggersJSON
        #expect(String(decoding: bytes, as: UTF8.self).hasPrefix(#"[{"kind":"risk_matrix","priority":100,"detail":"level high"#))
        #expect(FiredTrigger.list(fromJSON: bytes) == decision.fired)
        #expect(FiredTrigger.list(fromJSON: Array("[]".utf8)) == [])
        #expect(FiredTrigger.list(fromJSON: Array(#"[{"kind":"vibes","priority":1,"detail":""}]"#.utf8)) == nil)
        #expect(FiredTrigger.list(fromJSON: Array("{}".utf8)) == nil)
    }

    @Test func detailsCarryNoRequestOrAnswerText() throws {
        let engine = try ReviewFixtures.engine(
            #"""
            { "triggers": [
                { "kind": "amount_above", "field": "amount", "threshold": 1 },
                { "kind": "contradiction", "field": "decision" },
                { "kind": "first_time_task" }
            ] }
            """#)
        let secret = "SECRET-4111"
        let input = Self.input(
            answer: .object(["amount": .string("7"), "decision": .string(secret)]), user: secret, taskType: secret, subject: secret)
        engine.remember(Self.input(answer: .object(["decision": "other"]), subject: secret))
        let decision = engine.evaluate(input, sample: 0.5)
        #expect(decision.fired.count == 3)
        #expect(decision.fired.allSatisfy { !$0.detail.contains(secret) && !$0.detail.contains("7") })
    }
}
