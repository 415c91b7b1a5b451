import Foundation
import ParapetConfidence
import ParapetCore
import ParapetStore
import Testing

@testable import ParapetReview

@Suite struct ReviewStatisticsTests {
    static let escalatedTriggers = FiredTrigger.json([FiredTrigger(kind: .confidenceBand, priority: 50, detail: "confidence 0.7 in [0.5, 0.85)")])
    static let start = Date(timeIntervalSince1970: 1_800_000_000)

    static func item(
        _ route: String, escalated: Bool = true, taskType: String? = nil, category: String? = nil, confidence: Double? = nil,
        status: ReviewStatus = .pending, decisions: [(ReviewVerdict, String)] = []
    ) -> ReviewItem {
        ReviewItem(
            id: "rev_\(UUID().uuidString)", tenant: "acme", route: route, kind: escalated ? .preAction : .postAudit, level: .medium, priority: 1,
            requiredApprovals: 1, requiresSenior: false, createdAt: start, expiresAt: start.addingTimeInterval(14_400), onExpiry: .reject,
            taskType: taskType, category: category, request: Array("{}".utf8), suggestion: Array("{}".utf8), confidence: confidence,
            findings: Array("[]".utf8), triggers: escalated ? escalatedTriggers : Array("[]".utf8), status: status,
            decisions: decisions.enumerated().map { index, decision in
                ReviewDecision(reviewerKeyID: "key_\(index)", senior: false, verdict: decision.0, reasonCode: decision.1, at: start)
            })
    }

    static func repeated(_ count: Int, _ make: () -> ReviewItem) -> [ReviewItem] { (0..<count).map { _ in make() } }

    @Test func escalationRatesAreFlaggedAgainstTheBand() throws {
        var items: [ReviewItem] = []
        items += Self.repeated(12) { Self.item("support") } + Self.repeated(5) { Self.item("support", escalated: false) }
        items += Self.repeated(12) { Self.item("billing") }
        items += Self.repeated(13) { Self.item("triage") }
        items += Self.repeated(2) { Self.item("legal") }
        items += Self.repeated(10) { Self.item("edge") }
        items += Self.repeated(3) { Self.item("orphan") }
        items.append(Self.item("support", escalated: true).with(triggers: Array("not json".utf8)))
        let stats = ReviewStatistics.compute(
            items: items, callsPerRoute: ["support": 100, "billing": 50, "triage": 20, "legal": 10, "edge": 100, "quiet": 100])
        let byRoute = Dictionary(uniqueKeysWithValues: stats.routes.map { ($0.route, $0) })
        #expect(stats.routes.map(\.route) == ["billing", "edge", "legal", "orphan", "quiet", "support", "triage"])
        let support = try #require(byRoute["support"])
        #expect(support.escalated == 13 && support.sampled == 5 && support.escalationRate == 0.13 && support.flag == .inBand)
        #expect(byRoute["billing"]?.escalationRate == 0.24 && byRoute["billing"]?.flag == .aboveBand)
        #expect(byRoute["triage"]?.escalationRate == 0.65 && byRoute["triage"]?.flag == .recalibrate)
        #expect(byRoute["legal"]?.escalationRate == 0.2 && byRoute["legal"]?.flag == .inBand, "20 % is still fine")
        #expect(byRoute["edge"]?.escalationRate == 0.1 && byRoute["edge"]?.flag == .inBand)
        #expect(byRoute["quiet"]?.escalationRate == 0 && byRoute["quiet"]?.flag == .belowBand)
        #expect(byRoute["orphan"]?.escalationRate == nil && byRoute["orphan"]?.flag == nil && byRoute["orphan"]?.calls == 0)
    }

    @Test func repeatedOverrideReasonsFlagThePrompt() throws {
        var items: [ReviewItem] = []
        items += Self.repeated(4) { Self.item("support", category: "pii.email", status: .rejected, decisions: [(.reject, "hallucination")]) }
        items += Self.repeated(2) { Self.item("support", category: "output.ungrounded", status: .edited, decisions: [(.edit, "tone")]) }
        items += Self.repeated(2) { Self.item("support", category: "pii.email", status: .approved, decisions: [(.approve, "ok"), (.approve, "ok")]) }
        items += Self.repeated(3) { Self.item("billing", status: .rejected, decisions: [(.reject, "policy")]) }
        items += Self.repeated(7) { Self.item("billing", status: .approved, decisions: [(.approve, "ok")]) }
        items += Self.repeated(3) { Self.item("triage", status: .rejected, decisions: [(.reject, "policy")]) }
        items += Self.repeated(8) { Self.item("triage", status: .approved, decisions: [(.approve, "ok")]) }
        items += Self.repeated(2) { Self.item("sales", status: .rejected, decisions: [(.reject, "pricing")]) }
        items.append(Self.item("support", category: "pii.email"))
        let stats = ReviewStatistics.compute(items: items, callsPerRoute: [:])
        let byRoute = Dictionary(uniqueKeysWithValues: stats.routes.map { ($0.route, $0) })

        let support = try #require(byRoute["support"])
        #expect(support.decisions == 10 && support.overrides == 6 && support.overrideRate == 0.6)
        #expect(support.reasons == [
            ReviewStatistics.RouteReason(reason: "hallucination", overrides: 4, share: 0.4, flag: .revisePrompt),
            ReviewStatistics.RouteReason(reason: "tone", overrides: 2, share: 0.2, flag: nil),
        ])
        #expect(byRoute["billing"]?.reasons.first?.flag == .revisePrompt, "3 of 10 decisions: exactly the limits")
        #expect(byRoute["triage"]?.reasons.first?.flag == nil, "3 of 11 is under 30 %")
        #expect(byRoute["sales"]?.reasons.first?.flag == nil, "2 overrides are too few, even at 100 %")

        #expect(stats.categories == [
            ReviewStatistics.Overrides(key: "output.ungrounded", decisions: 2, overrides: 2, overrideRate: 1),
            ReviewStatistics.Overrides(key: "pii.email", decisions: 8, overrides: 4, overrideRate: 0.5),
        ])
        let reasons = Dictionary(uniqueKeysWithValues: stats.reasons.map { ($0.key, $0) })
        #expect(reasons["policy"] == ReviewStatistics.Overrides(key: "policy", decisions: 6, overrides: 6, overrideRate: 1))
        #expect(reasons["ok"] == ReviewStatistics.Overrides(key: "ok", decisions: 19, overrides: 0, overrideRate: 0))
        #expect(stats.reasons.map(\.key) == ["hallucination", "ok", "policy", "pricing", "tone"])
    }

    @Test func alwaysEscalatedTaskTypesAreNotAutomatedYet() {
        var items: [ReviewItem] = []
        items += Self.repeated(5) { Self.item("support", taskType: "refund") }
        items += Self.repeated(4) { Self.item("support", taskType: "cancel") }
        items += Self.repeated(3) { Self.item("support", taskType: "address") }
        items += Self.repeated(7) { Self.item("support", escalated: false, taskType: "address") }
        items += Self.repeated(2) { Self.item("support", taskType: "unknown") }
        let stats = ReviewStatistics.compute(
            items: items, callsPerRoute: ["support": 30], callsPerTaskType: ["refund": 5, "cancel": 4, "address": 10, "faq": 9])
        #expect(stats.taskTypes == [
            ReviewStatistics.TaskType(taskType: "address", calls: 10, escalated: 3, flag: nil),
            ReviewStatistics.TaskType(taskType: "cancel", calls: 4, escalated: 4, flag: nil),
            ReviewStatistics.TaskType(taskType: "faq", calls: 9, escalated: 0, flag: nil),
            ReviewStatistics.TaskType(taskType: "refund", calls: 5, escalated: 5, flag: .doNotAutomateYet),
            ReviewStatistics.TaskType(taskType: "unknown", calls: 0, escalated: 2, flag: nil),
        ])
    }

    @Test func thresholdsAreConfigurable() {
        let items = Self.repeated(2) { Self.item("support", status: .rejected, decisions: [(.reject, "tone")]) }
        let stats = ReviewStatistics.compute(
            items: items, callsPerRoute: ["support": 4], callsPerTaskType: [:],
            thresholds: .init(bandLow: 0.05, bandHigh: 0.4, recalibrate: 0.9, repeatedReasonCount: 2, repeatedReasonShare: 0.5))
        #expect(stats.routes.first?.flag == .aboveBand && stats.routes.first?.reasons.first?.flag == .revisePrompt)
    }

    @Test func encodesWithSnakeCaseKeys() throws {
        let items = Self.repeated(5) {
            Self.item("support", taskType: "refund", category: "pii.email", status: .rejected, decisions: [(.reject, "hallucination")])
        }
        let stats = ReviewStatistics.compute(items: items, callsPerRoute: ["support": 50], callsPerTaskType: ["refund": 5])
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        let text = String(decoding: try encoder.encode(stats), as: UTF8.self)
        for key in [#""escalation_rate":0.1"#, #""override_rate":1"#, #""task_types":"#, #""task_type":"refund""#, #""flag":"in_band""#,
            #""flag":"revise_prompt""#, #""flag":"do_not_automate_yet""#]
        {
            #expect(text.contains(key), "\(key) in \(text)")
        }
        #expect(try JSONDecoder().decode(ReviewStatistics.self, from: Data(text.utf8)) == stats)
    }

    @Test func calibrationExportLabelsReviewedItems() throws {
        let items = [
            Self.item("support", confidence: 0.62, status: .approved, decisions: [(.approve, "ok")]),
            Self.item("support", confidence: 0.7, status: .rejected, decisions: [(.reject, "hallucination")]),
            Self.item("support", confidence: 0.81, status: .edited, decisions: [(.edit, "tone")]),
            Self.item("support", confidence: 0.5, status: .expired),
            Self.item("support", confidence: 0.55, status: .pending),
            Self.item("support", confidence: nil, status: .approved, decisions: [(.approve, "ok")]),
            Self.item("support", confidence: 1.5, status: .approved, decisions: [(.approve, "ok")]),
            Self.item("support", escalated: false, confidence: 1, status: .approved, decisions: [(.approve, "ok")]),
        ]
        let lines = ReviewStatistics.calibrationExport(items: items)
        #expect(lines == [
            #"{"score":0.62,"correct":true}"#, #"{"score":0.7,"correct":false}"#, #"{"score":0.81,"correct":false}"#,
            #"{"score":1.0,"correct":true}"#,
        ])
        let samples = try CalibrationSample.parseJSONLines(Array(lines.joined(separator: "\n").utf8), path: "review.jsonl")
        #expect(samples.map(\.score) == [0.62, 0.7, 0.81, 1] && samples.map(\.correct) == [true, false, false, true])
    }
}

extension ReviewItem {
    func with(triggers: [UInt8]) -> ReviewItem {
        var copy = self
        copy.triggers = triggers
        return copy
    }
}
