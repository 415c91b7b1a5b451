import Foundation
import ParapetConfidence
import ParapetCore
import ParapetGuards
import Testing
@testable import ParapetGateway

@Suite struct QualityUnitTests {
    static let routes = """
        providers: { mock: { kind: mock } }
        routes:
            grader: { targets: [{ provider: mock, model: m }] }
        """

    @Test func parsesEveryQualitySetting() throws {
        let config = try GovernanceUnitTests.parse(Self.routes + """

                chat:
                  targets: [{ provider: mock, model: m }]
                  validation: { repair: false, max_reasks: 2, tool_arguments: false }
                  confidence:
                    signal: answer_token
                    answer_field: has_sufficient_context_for_answer
                    judge_route: grader
                    auto: 0.9
                    reject: 0.3
                    on_missing: abstain
                    abstain: { reply: "Not sure." }
                    windows: [{ name: month-end, last_days_of_month: 3, hours: [8, 18], auto: 0.97, reject: 0.6 }]
                    fields: [{ path: refund.amount, auto: 0.95 }]
                  grounding: { sentence_threshold: 0.6, minimum_score: 0.8, action: review, judge_route: grader }
            """)
        let route = try #require(config.routes["chat"])
        #expect(route.validation.repair == false && route.validation.maxReasks == 2 && route.validation.toolArguments == false)
        let confidence = try #require(route.confidence)
        #expect(confidence.signal == .answerToken)
        #expect(confidence.answerField == "has_sufficient_context_for_answer")
        #expect(confidence.thresholds == ConfidenceThresholds(auto: 0.9, reject: 0.3))
        #expect(confidence.onMissing == .abstain && confidence.abstainReply == "Not sure.")
        #expect(confidence.windows.first?.lastDaysOfMonth == 3 && confidence.windows.first?.hours == 8..<18)
        #expect(confidence.fields == [FieldThreshold(path: "refund.amount", thresholds: ConfidenceThresholds(auto: 0.95, reject: 0.3))])
        #expect(route.grounding?.action == .review && route.grounding?.minimumScore == 0.8)
    }

    @Test func badQualitySettingsNameTheirPath() throws {
        do {
            _ = try GovernanceUnitTests.parse(Self.routes + """

                    chat:
                      targets: [{ provider: mock, model: m }]
                      validation: { max_reasks: 9, retry: true }
                      confidence: { signal: vibes, auto: 0.2, reject: 0.5, judge_route: nowhere, windows: [{ name: w }], calibrator: /nonexistent/c.json }
                      grounding: { action: shout }
                    self:
                      targets: [{ provider: mock, model: m }]
                      confidence: { signal: judge, judge_route: self }
                """)
            Issue.record("bad quality settings parsed")
        } catch let error as ConfigErrors {
            let text = error.errors.map(\.description).joined(separator: "\n")
            #expect(text.contains("gateway.routes.chat.validation.max_reasks"))
            #expect(text.contains("gateway.routes.chat.validation.retry: unknown field"))
            #expect(text.contains("gateway.routes.chat.confidence.signal: unknown confidence signal \"vibes\""))
            #expect(text.contains("gateway.routes.chat.confidence.reject: must not exceed auto"))
            #expect(text.contains("gateway.routes.chat.confidence.windows[0]: needs at least one of"))
            #expect(text.contains("gateway.routes.chat.confidence.calibrator: cannot load calibrator"))
            #expect(text.contains("gateway.routes.chat.confidence.judge_route: unknown route \"nowhere\""))
            #expect(text.contains("gateway.routes.chat.grounding.action: unknown grounding action \"shout\""))
            #expect(text.contains("gateway.routes.self.confidence.judge_route: route \"self\" cannot grade"))
        }
    }

    @Test func aCalibratorFileIsLoadedAndApplied() throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-calibrator-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Calibrator.platt(a: -4, b: 2).write(to: url)
        let config = try GovernanceUnitTests.parse(Self.routes + """

                chat:
                  targets: [{ provider: mock, model: m }]
                  confidence: { calibrator: \(url.path) }
            """)
        let confidence = try #require(config.routes["chat"]?.confidence)
        #expect(confidence.calibrator == .platt(a: -4, b: 2))
        let assessment = ConfidenceGate.assess(
            raw: 0.9, signal: .geometricMean, completion: try Self.completion("x"), settings: confidence, at: Date())
        #expect(abs((assessment.calibrated ?? 0) - 1 / (1 + exp(-4 * 0.9 + 2))) < 1e-9)
    }

    @Test func windowsOpenOnTheirDaysWeekdaysAndHours() throws {
        var window = ThresholdWindow(name: "month-end", thresholds: ConfidenceThresholds(auto: 0.95, reject: 0.6))
        window.lastDaysOfMonth = 3
        let formatter = ISO8601DateFormatter()
        let date = { (text: String) in formatter.date(from: text) ?? .distantPast }
        #expect(window.contains(date("2026-02-26T10:00:00Z")))  // 28-day February: the 26th is in the last 3
        #expect(!window.contains(date("2026-02-25T10:00:00Z")))
        #expect(window.contains(date("2026-03-31T23:59:00Z")))
        window.hours = 9..<17
        #expect(!window.contains(date("2026-03-31T17:00:00Z")))
        var weekdays = ThresholdWindow(name: "weekend", thresholds: ConfidenceThresholds(auto: 0.9, reject: 0.5))
        weekdays.weekdays = [6, 7]
        #expect(weekdays.contains(date("2026-11-21T12:00:00Z")))  // a Saturday
        #expect(!weekdays.contains(date("2026-11-23T12:00:00Z")))  // a Monday
    }

    @Test func tiersAtTheThresholds() {
        let thresholds = ConfidenceThresholds(auto: 0.8, reject: 0.4)
        #expect(ConfidenceGate.tier(of: 0.8, thresholds) == .deliver)
        #expect(ConfidenceGate.tier(of: 0.7999, thresholds) == .review)
        #expect(ConfidenceGate.tier(of: 0.4, thresholds) == .review)
        #expect(ConfidenceGate.tier(of: 0.3999, thresholds) == .abstain)
    }

    @Test func valueSpansByPath() {
        let text = Array(#"Sure: {"a": {"b": [1, {"c": "x,}]"}], "d": true}, "e": -1.5e3}"#.utf8)
        func span(_ path: String) -> String? {
            JSONValueSpan.locate(path.split(separator: ".").map(String.init), in: text).map { String(decoding: text[$0], as: UTF8.self) }
        }
        #expect(span("a.b.1.c") == #""x,}]""#)
        #expect(span("a.d") == "true")
        #expect(span("e") == "-1.5e3")
        #expect(span("a.b.0") == "1")
        #expect(span("a.b.2") == nil)
        #expect(span("missing") == nil)
        #expect(JSONValueSpan.locate(["a"], in: Array(#"{"a": "unterminated"#.utf8)) == nil)
        let deep = Array(String(repeating: "[", count: 100_000).utf8)
        #expect(JSONValueSpan.locate(["0", "0"], in: deep) == nil)
    }

    @Test func fieldScoresComeFromTheTokensOfTheValue() {
        let tokens = [("{\"", 0.99), ("amount", 0.99), ("\":", 0.99), ("12", 0.5), ("0", 0.8), ("}", 0.99)].map {
            TokenLogprob(token: $0.0, logprob: log($0.1))
        }
        let score = ConfidenceGate.fieldScore(path: "amount", tokens: tokens, signal: .minimumProbability)
        #expect(score.map { abs($0 - 0.5) < 1e-9 } == true)
        #expect(ConfidenceGate.fieldScore(path: "other", tokens: tokens, signal: .geometricMean) == nil)
    }

    @Test func groundingSourcesComeFromTheExtensionFieldOrTheContextMessages() throws {
        var request = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","messages":[{"role":"system","content":"Doc one."},{"role":"user","content":"Q"}],"parapet_sources":["A",{"text":"B"}]}"#.utf8)))
        #expect(try GroundingSources.take(from: &request) == ["A", "B"])
        #expect(request.json["parapet_sources"] == nil)
        #expect(try GroundingSources.take(from: &request) == ["Doc one."])
        var bad = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","messages":[{"role":"user","content":"Q"}],"parapet_sources":[1]}"#.utf8)))
        #expect(throws: WireError.self) { try GroundingSources.take(from: &bad) }
    }

    static func completion(_ content: String) throws -> ChatCompletion {
        try ChatCompletion(parsing: JSON.parse(Array(#"{"id":"x","model":"m","choices":[{"index":0,"message":{"role":"assistant","content":"\#(content)"},"finish_reason":"stop"}]}"#.utf8)))
    }
}
