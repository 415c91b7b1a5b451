import ParapetCore
import ParapetStore
import Testing

@testable import ParapetReview

@Suite struct ReviewSettingsTests {
    @Test func parsesTheExample() throws {
        let settings = try ReviewFixtures.settings(ReviewFixtures.example)
        let amount = try #require(JSONFieldPath("amount"))
        let decision = try #require(JSONFieldPath("decision"))
        let patterns = try [#require(CategoryPattern("pii.*")), #require(CategoryPattern("output.ungrounded"))]
        #expect(settings.mode == .confidence && settings.sampleRate == 0.05)
        #expect(settings.expiry == .seconds(14_400) && settings.onExpiry == .reject && settings.lease == .seconds(300))
        #expect(settings.triggers.map(\.condition.kind) == [
            .confidenceBand, .amountAbove, .irreversibleAction, .firstTimeTask, .contradiction, .category, .outputTokensAbove,
        ])
        #expect(settings.triggers.map(\.priority) == [50, 40, 90, 20, 70, 60, 10])
        #expect(settings.triggers[0].condition == .confidenceBand(low: 0.5, high: 0.85, threshold: 0.675))
        #expect(settings.triggers[1] == EscalationTrigger(.amountAbove(field: amount, threshold: 100), priority: 40, risk: [.blastRadius: 2]))
        #expect(settings.triggers[2].condition == .irreversibleAction(tools: ["delete_account"]))
        #expect(settings.triggers[5].condition == .category(patterns: patterns))
        #expect(settings.triggers[6].condition == .outputTokensAbove(tokens: 800))
        #expect(settings.risk.irreversibility.tools == ["refund_order": 2, "delete_account": 3])
        #expect(settings.risk.blastRadius.tools == ["delete_account": 3])
        #expect(settings.risk.compliance.categories.map(\.pattern.description) == ["pii.*"])
        #expect(settings.risk.confidence.below == [.init(0.5, 3), .init(0.7, 2), .init(0.85, 1)])
        #expect(settings.risk.levels == RiskMatrix.Levels(medium: 3, high: 4, critical: 6))
        #expect(settings.policies == ReviewPolicies())
        #expect(settings.decisionFields == [decision])
    }

    @Test func emptyMappingGivesTheDefaults() throws {
        let settings = try ReviewFixtures.settings("{}")
        #expect(settings == ReviewSettings())
        #expect(settings.onExpiry == .reject && settings.expiry == .seconds(4 * 3600) && settings.mode == .confidence)
    }

    @Test func partialSettings() throws {
        let settings = try ReviewFixtures.settings(
            #"""
            { "mode": "post_audit", "on_expiry": "approve", "expiry_s": 600, "lease_s": 600,
              "policies": { "low": "one_reviewer", "medium": "two_reviewers" },
              "risk": { "levels": { "medium": 2, "high": 2, "critical": 12 }, "trigger_priority": -5, "confidence": { "missing": 2 } } }
            """#)
        #expect(settings.mode == .postAudit && settings.onExpiry == .approve && settings.lease == settings.expiry)
        #expect(settings.policies == ReviewPolicies(low: .oneReviewer, medium: .twoReviewers))
        #expect(settings.risk.levels == RiskMatrix.Levels(medium: 2, high: 2, critical: 12))
        #expect(settings.risk.triggerPriority == -5 && settings.risk.confidence.missing == 2)
    }

    @Test func everyProblemIsNamedByItsPath() throws {
        let errors = try ReviewFixtures.errors(
            #"""
            {
              "mode": "sometimes", "sample_rate": 1.5, "expiry_s": 60, "on_expiry": "edit", "lease_s": 120, "colour": "red",
              "triggers": [
                { "priority": 3 },
                { "kind": "vibes" },
                { "kind": "risk_matrix" },
                { "kind": "confidence_band", "low": 0.9, "high": 0.5 },
                { "kind": "confidence_band", "low": 0.5, "high": 0.9, "threshold": 0.95 },
                { "kind": "amount_above", "field": "a..b", "threshold": -1 },
                { "kind": "amount_above", "threshold": 10 },
                { "kind": "irreversible_action", "tools": [] },
                { "kind": "category", "categories": ["pi*i", "pii.*"], "tools": ["x"] },
                { "kind": "contradiction", "field": 7 },
                { "kind": "output_tokens_above", "tokens": "many", "priority": 1.5 },
                { "kind": "first_time_task", "risk": { "reputation": 2, "compliance": 4 } },
                "first_time_task"
              ],
              "risk": {
                "irreversibility": { "default": 5, "tools": { "refund_order": "high" } },
                "compliance": { "categories": { "pii*": 2 } },
                "confidence": { "below": [[0.5], [1.2, 3], 0.7] },
                "levels": { "high": 2, "medium": 3, "critical": 1 },
                "exposure": {}
              },
              "policies": { "low": "two_reviewers", "medium": "one_reviewer", "critical": "everyone", "urgent": "auto" }
            }
            """#)
        let expected = [
            #"routes.support.review.colour: unknown field"#,
            #"routes.support.review.mode: unknown review mode "sometimes" (expected one of: pre_action, post_audit, confidence)"#,
            #"routes.support.review.sample_rate: must be between 0.0 and 1.0, got 1.5"#,
            #"routes.support.review.on_expiry: unknown expiry outcome "edit" (expected one of: approve, reject)"#,
            #"routes.support.review.triggers[0].kind: required"#,
            #"routes.support.review.triggers[1].kind: unknown trigger kind "vibes""#,
            #"routes.support.review.triggers[2].kind: unknown trigger kind "risk_matrix""#,
            #"routes.support.review.triggers[3].low: must be below high (0.5)"#,
            #"routes.support.review.triggers[4].threshold: must be within [low, high] = [0.5, 0.9]"#,
            #"routes.support.review.triggers[5].field: "a..b" is not a dotted path like refund.amount"#,
            #"routes.support.review.triggers[5].threshold: must be between"#,
            #"routes.support.review.triggers[6].field: required: a dotted path"#,
            #"routes.support.review.triggers[7].tools: must not be empty"#,
            #"routes.support.review.triggers[8].tools: unknown field"#,
            #"routes.support.review.triggers[8].categories[0]: "pi*i" is not a category id"#,
            #"routes.support.review.triggers[9].field: expected a string, got an integer"#,
            #"routes.support.review.triggers[10].priority: expected an integer, got a number"#,
            #"routes.support.review.triggers[10].tokens: expected an integer, got a string"#,
            #"routes.support.review.triggers[11].risk.reputation: unknown field"#,
            #"routes.support.review.triggers[11].risk.compliance: must be between 0 and 3, got 4"#,
            #"routes.support.review.triggers[12]: expected a mapping, got a string"#,
            #"routes.support.review.risk.exposure: unknown field"#,
            #"routes.support.review.risk.irreversibility.default: must be between 0 and 3, got 5"#,
            #"routes.support.review.risk.irreversibility.tools.refund_order: expected an integer, got a string"#,
            #"routes.support.review.risk.compliance.categories["pii*"]: "pii*" is not a category id"#,
            #"routes.support.review.risk.confidence.below[0]: expected [bound, score]"#,
            #"routes.support.review.risk.confidence.below[1][0]: must be between 0.0 and 1.0, got 1.2"#,
            #"routes.support.review.risk.confidence.below[2]: expected a list, got a number"#,
            #"routes.support.review.risk.levels.high: must not be below medium (3)"#,
            #"routes.support.review.risk.levels.critical: must not be below high (2)"#,
            #"routes.support.review.policies.urgent: unknown field"#,
            #"routes.support.review.policies.critical: unknown review policy "everyone""#,
            #"routes.support.review.policies.medium: one_reviewer is laxer than low's two_reviewers"#,
            #"routes.support.review.lease_s: must not exceed expiry_s (60)"#,
        ]
        for prefix in expected {
            #expect(errors.contains { $0.hasPrefix(prefix) }, "missing: \(prefix)")
        }
        #expect(errors.count == expected.count, "\(errors.joined(separator: "\n"))")
    }

    @Test func aNonMappingIsRefused() throws {
        var reader = ConfigReader()
        #expect(ReviewSettings.parse(.list([]), at: "review", reader: &reader) == nil)
        #expect(reader.errors.map(\.description) == ["review: expected a mapping, got a list"])
    }

    @Test func policiesKnowTheirApprovals() {
        #expect(ReviewPolicy.allCases.map(\.requiredApprovals) == [0, 1, 2, 2])
        #expect(ReviewPolicy.allCases.map(\.requiresSenior) == [false, false, false, true])
        #expect(ReviewPolicy.allCases.sorted() == ReviewPolicy.allCases)
    }

    @Test func fieldPathsAndCategoryPatterns() {
        #expect(JSONFieldPath("") == nil && JSONFieldPath(".a") == nil && JSONFieldPath("a.") == nil)
        #expect(JSONFieldPath("refund.items.0.amount")?.components == ["refund", "items", "0", "amount"])
        #expect(CategoryPattern("") == nil && CategoryPattern("*.x") == nil && CategoryPattern(".*") == nil && CategoryPattern("a*") == nil)
        #expect(CategoryPattern("pii.*")?.matches("pii.email.work") == true)
        #expect(CategoryPattern("pii.*")?.matches("pii.") == false)
        #expect(CategoryPattern("pii.email")?.matches("pii.email") == true)
        #expect(CategoryPattern("pii.email")?.matches("pii.emails") == false)
    }
}
