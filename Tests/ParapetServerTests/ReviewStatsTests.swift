import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetConfidence
import ParapetCore
import ParapetReview
import ParapetServer
import ParapetStore
import ParapetTesting
import Testing

/// `GET /v1/review/stats` and `GET /v1/review/export` over answers held by the confidence gate
/// and decided through the reviewer API; `ReviewStatsSource` over large queues.
@Suite(.serialized) struct ReviewStatsTests {
    static let gated = QualityTests.confidenceRoute("{ auto: 0.8, reject: 0.4 }")
    static let confident = QualityTests.completion("Yes it is.", logprobs: [("Yes", log(0.95)), (" it", log(0.95)), (" is.", log(0.95))])
    /// Confidence 0.6, and an e-mail address the output guard redacts (category `pii.email`).
    static let middling = QualityTests.completion("Maybe, ask bob@example.com.", logprobs: [("Maybe", log(0.6)), (",", log(0.6))])

    static func ask(_ client: some TestClientProtocol, _ t: TestServer, model: String, feature: String?, key: String = "clientA") async throws -> TestResponse {
        var headers = t.auth(key)
        if let feature { headers[HTTPField.Name("x-parapet-feature")!] = feature }
        return try await client.execute(
            uri: "/v1/chat/completions", method: .post, headers: headers,
            body: body(#"{"model":"\#(model)","messages":[{"role":"user","content":"Is the sky blue?"}]}"#))
    }

    static func decide(_ client: some TestClientProtocol, _ t: TestServer, _ id: String, _ decision: String) async throws {
        let claim = try await QualityTests.review(client, t, "/v1/review/items/\(id)/claim", method: .post)
        #expect(claim.status == .ok, "\(text(claim))")
        let decided = try await QualityTests.review(client, t, "/v1/review/items/\(id)/decision", method: .post, json: decision)
        #expect(decided.status == .ok, "\(text(decided))")
    }

    static func get(_ client: some TestClientProtocol, _ t: TestServer, _ path: String, key: String = "reviewerA") async throws -> TestResponse {
        try await client.execute(uri: path, method: .get, headers: t.auth(key))
    }

    /// 8 calls on the gated route (5 held for task type `refund`, 3 delivered for `faq`), 5 on the
    /// plain route (2 for `faq`), 2 of another tenant; 3 held answers rejected for the same
    /// reason, 1 approved, 1 left pending.
    @Test func ratesFlagsAndExportFromHeldAndReviewedAnswers() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await QualityTests.server(upstream, route: Self.gated)
            try await t.app.test(.router) { client in
                var held: [String] = []
                for _ in 0..<5 {
                    upstream.enqueue([Self.middling])
                    let response = try await Self.ask(client, t, model: "confident", feature: "refund")
                    #expect(response.status == .accepted)
                    held.append(try #require(try object(response)["id"] as? String))
                }
                for _ in 0..<3 {
                    upstream.enqueue([Self.confident])
                    #expect(try await Self.ask(client, t, model: "confident", feature: "faq").status == .ok)
                }
                for i in 0..<5 {
                    #expect(try await Self.ask(client, t, model: "chat", feature: i < 2 ? "faq" : nil).status == .ok)
                }
                for _ in 0..<2 {
                    #expect(try await Self.ask(client, t, model: "chat", feature: "faq", key: "clientB").status == .ok)
                }
                for id in held.prefix(3) {
                    try await Self.decide(client, t, id, #"{"verdict":"reject","reason_code":"hallucination"}"#)
                }
                try await Self.decide(client, t, held[3], #"{"verdict":"approve","reason_code":"looks_right"}"#)

                let response = try await Self.get(client, t, "/v1/review/stats")
                #expect(response.status == .ok, "\(text(response))")
                let stats = try object(response)
                #expect(stats["object"] as? String == "review.stats")
                let since = try #require((stats["since"] as? String).flatMap(Self.date))
                let until = try #require((stats["until"] as? String).flatMap(Self.date))
                #expect(abs(until.timeIntervalSince(since) - 7 * 86_400) < 1 && abs(until.timeIntervalSinceNow) < 60)

                let routes = try #require(stats["routes"] as? [[String: Any]])
                #expect(routes.map { $0["route"] as? String } == ["chat", "confident"])
                let chat = routes[0]
                #expect(chat["calls"] as? Int == 5 && chat["escalated"] as? Int == 0)
                #expect(chat["escalation_rate"] as? Double == 0 && chat["flag"] as? String == "below_band")
                let gated = routes[1]
                // Claims and decisions are audited on the route too; they are not calls.
                #expect(gated["calls"] as? Int == 8, "\(gated)")
                #expect(gated["escalated"] as? Int == 5 && gated["sampled"] as? Int == 0)
                #expect(gated["escalation_rate"] as? Double == 0.625 && gated["flag"] as? String == "recalibrate")
                #expect(gated["decisions"] as? Int == 4 && gated["overrides"] as? Int == 3 && gated["override_rate"] as? Double == 0.75)
                let reasons = try #require(gated["reasons"] as? [[String: Any]])
                #expect(reasons.count == 1)
                #expect(reasons.first?["reason"] as? String == "hallucination" && reasons.first?["overrides"] as? Int == 3)
                #expect(reasons.first?["share"] as? Double == 0.75 && reasons.first?["flag"] as? String == "revise_prompt")

                let tasks = try #require(stats["task_types"] as? [[String: Any]])
                #expect(tasks.map { $0["task_type"] as? String } == ["faq", "refund"])
                #expect(tasks[0]["calls"] as? Int == 5 && tasks[0]["escalated"] as? Int == 0 && tasks[0]["flag"] == nil)
                #expect(tasks[1]["calls"] as? Int == 5 && tasks[1]["escalated"] as? Int == 5 && tasks[1]["flag"] as? String == "do_not_automate_yet")

                let byReason = try #require(stats["reasons"] as? [[String: Any]])
                #expect(byReason.map { $0["key"] as? String } == ["hallucination", "looks_right"])
                #expect(byReason[1]["decisions"] as? Int == 1 && byReason[1]["override_rate"] as? Double == 0)
                let categories = try #require(stats["categories"] as? [[String: Any]])
                #expect(categories.map { $0["key"] as? String } == ["pii.email"], "\(categories)")
                #expect(categories.first?["decisions"] as? Int == 4 && categories.first?["overrides"] as? Int == 3)

                // The same numbers through the type the console renders.
                let source = ReviewStatsSource(queue: t.stores.reviews, audit: t.stores.audit)
                let direct = try await source.statistics(tenant: "tenant-a", since: since, until: until.addingTimeInterval(1))
                #expect(direct.routes.map(\.escalated) == [0, 5] && direct.routes.map(\.calls) == [5, 8])

                // Another tenant sees its own calls only; an admin may read the stats too.
                let other = try object(try await Self.get(client, t, "/v1/review/stats", key: "adminB"))
                let otherRoutes = try #require(other["routes"] as? [[String: Any]])
                #expect(otherRoutes.count == 1 && otherRoutes.first?["route"] as? String == "chat" && otherRoutes.first?["calls"] as? Int == 2)
                #expect((other["task_types"] as? [[String: Any]])?.first?["calls"] as? Int == 2)
                #expect((other["reasons"] as? [[String: Any]])?.isEmpty == true)

                // A period without anything in it.
                let empty = try object(try await Self.get(client, t, "/v1/review/stats?since=2020-01-01T00:00:00Z&until=2020-01-08T00:00:00Z"))
                #expect((empty["routes"] as? [[String: Any]])?.isEmpty == true)
                #expect(empty["since"] as? String == "2020-01-01T00:00:00.000000Z")

                // The export: the four decided items with their confidence; the pending one is not there.
                let export = try await Self.get(client, t, "/v1/review/export")
                #expect(export.status == .ok)
                #expect(export.headers[.contentType] == "application/jsonl")
                let samples = try CalibrationSample.parseJSONLines(Array(export.body.readableBytesView), path: "export.jsonl")
                #expect(samples.count == 4)
                #expect(samples.allSatisfy { abs($0.score - 0.6) < 1e-9 })
                #expect(samples.map(\.correct).sorted { !$0 && $1 } == [false, false, false, true])
                let otherExport = try await Self.get(client, t, "/v1/review/export", key: "adminB")
                #expect(otherExport.status == .ok && otherExport.body.readableBytes == 0)
            }
        }
    }

    @Test func onlyReviewersAndAdminsReadTheStats() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            for path in ["/v1/review/stats", "/v1/review/export"] {
                let client403 = try await Self.get(client, t, path, key: "clientA")
                #expect(client403.status == .forbidden)
                #expect(try errorObject(client403)["type"] as? String != nil)
                let anonymous = try await client.execute(uri: path, method: .get)
                #expect(anonymous.status == .unauthorized)
                #expect(try await Self.get(client, t, path, key: "reviewerA").status == .ok)
                #expect(try await Self.get(client, t, path, key: "adminB").status == .ok)
            }
        }
    }

    @Test func badParametersAre400NamingTheParameter() async throws {
        let t = try await TestServer()
        try await t.app.test(.router) { client in
            let cases: [(String, String, String)] = [
                ("since=yesterday", "since", "invalid_value"),
                ("until=2026-13-01T00:00:00Z", "until", "invalid_value"),
                ("since=2026-01-01", "since", "invalid_value"),
                ("since=2026-02-01T00:00:00Z&until=2026-01-01T00:00:00Z", "until", "invalid_value"),
                ("since=2026-01-01T00:00:00Z&since=2026-01-02T00:00:00Z", "since", "duplicate_parameter"),
                ("format=csv", "format", "unknown_parameter"),
                ("since=2999-01-01T00:00:00Z", "until", "invalid_value"),
            ]
            for path in ["/v1/review/stats", "/v1/review/export"] {
                for (query, param, code) in cases {
                    let response = try await Self.get(client, t, path + "?" + query)
                    #expect(response.status == .badRequest, "\(path)?\(query)")
                    let error = try errorObject(response)
                    #expect(error["type"] as? String == "invalid_request_error")
                    #expect(error["param"] as? String == param, "\(query)")
                    #expect(error["code"] as? String == code, "\(query)")
                    #expect((error["message"] as? String)?.isEmpty == false)
                }
            }
        }
    }

    /// More resolved items than a page, most of them resolved at one instant by an expiry sweep,
    /// pending ones, and items outside the period.
    @Test func sourceReadsEveryItemOfThePeriodAcrossPages() async throws {
        let queue: any ReviewQueue = InMemoryReviewQueue()
        let start = Date(timeIntervalSince1970: 1_900_000_000)
        func item(_ id: String, createdAt: Date, confidence: Double? = 0.7) -> ReviewItem {
            ReviewItem(
                id: id, tenant: "acme", route: "support", kind: .preAction, level: .medium, priority: 1, requiredApprovals: 1,
                requiresSenior: false, createdAt: createdAt, expiresAt: createdAt.addingTimeInterval(60), onExpiry: .reject,
                taskType: "refund", request: Array(#"{"messages":[]}"#.utf8), suggestion: Array("{}".utf8), confidence: confidence,
                findings: Array("[]".utf8), triggers: Array(#"[{"kind":"confidence_band","priority":50,"detail":"d"}]"#.utf8))
        }
        let swept = 2_500  // more than two pages of 1 000
        for i in 0..<swept {
            try await queue.enqueue(item(String(format: "rev_s%05d", i), createdAt: start.addingTimeInterval(Double(i % 100))))
        }
        try await queue.enqueue(item("rev_before", createdAt: start.addingTimeInterval(-10)))
        try await queue.enqueue(item("rev_other", createdAt: start.addingTimeInterval(5)).with(tenant: "other"))
        let expired = try await queue.expire(now: start.addingTimeInterval(1_000))
        #expect(expired.count == swept + 2)
        // Decided later, one by one; and pending ones created in and after the period.
        for i in 0..<30 {
            let id = "rev_d\(i)"
            let created = start.addingTimeInterval(2_000 + Double(i))
            try await queue.enqueue(item(id, createdAt: created))
            let claim = try await queue.claim(id: id, tenant: "acme", reviewer: "key_r", lease: .seconds(60), now: created.addingTimeInterval(1))
            guard case .claimed = claim else { throw TestFailure("claim of \(id): \(claim)") }
            let decision = ReviewDecision(reviewerKeyID: "key_r", senior: false, verdict: i % 3 == 0 ? .reject : .approve, reasonCode: "r", at: created)
            let outcome = try await queue.decide(id: id, tenant: "acme", decision: decision, now: created.addingTimeInterval(2))
            guard case .recorded = outcome else { throw TestFailure("decision on \(id): \(outcome)") }
        }
        for i in 0..<7 {
            try await queue.enqueue(item("rev_p\(i)", createdAt: start.addingTimeInterval(3_000 + Double(i))))
        }
        try await queue.enqueue(item("rev_late", createdAt: start.addingTimeInterval(10_000)))

        let source = ReviewStatsSource(queue: queue, audit: InMemoryAuditLog())
        let until = start.addingTimeInterval(5_000)
        let items = try await source.items(tenant: "acme", since: start, until: until)
        #expect(items.count == swept + 30 + 7)
        #expect(Set(items.map(\.id)).count == items.count)
        #expect(!items.contains { ["rev_before", "rev_late", "rev_other"].contains($0.id) })
        #expect(items.allSatisfy { $0.request.isEmpty && $0.suggestion.isEmpty })
        #expect(zip(items, items.dropFirst()).allSatisfy { $0.createdAt <= $1.createdAt })
        let stats = try await source.statistics(tenant: "acme", since: start, until: until)
        #expect(stats.routes.first?.escalated == swept + 37 && stats.routes.first?.decisions == 30 && stats.routes.first?.overrides == 10)
        let lines = try await source.calibrationLines(tenant: "acme", since: start, until: until)
        #expect(lines.count == 30)
        #expect(lines.filter { $0.contains("false") }.count == 10)
    }

    static func date(_ text: String) -> Date? {
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        return formatter.date(from: text)
    }
}

extension ReviewItem {
    fileprivate func with(tenant: String) -> ReviewItem {
        var copy = self
        copy.tenant = tenant
        return copy
    }
}
