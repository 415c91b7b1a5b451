import Foundation
import ParapetTesting
import Testing

#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// `parapet review stats` and `parapet review export` on the data directory of a real
/// `parapet serve` whose gated route held answers that reviewers then decided.
@Suite(.serialized) struct ReviewCommandTests {
    @Test func statsAndExportReadWhatTheServerRecorded() async throws {
        try await ReviewFixture.withUpstream { upstream in try await Self.statsAndExport(upstream) }
    }

    static func statsAndExport(_ upstream: MockUpstream) async throws {
        let data = try temporaryDirectory()
        let server = try ReviewFixture.serve(data: data, upstream: upstream)
        try await server.start()
        let keys = try await ReviewFixture.keys(server, roles: ["client", "reviewer"])
        let client = keys[0]
        let reviewer = keys[1]

        // support: 6 answers held (task type refund), 4 delivered (faq); chat: 10 delivered.
        var held: [(id: String, confidence: Double)] = []
        for confidence in [0.5, 0.55, 0.6, 0.65, 0.7, 0.75] {
            upstream.enqueue([ReviewFixture.completion("Refund approved.", confidence: confidence)])
            let (status, _, body) = try await ReviewFixture.chat(server, key: client, model: "support", feature: "refund")
            #expect(status == 202)
            held.append((try #require(HTTP.object(body)["id"] as? String), confidence))
        }
        for _ in 0..<4 {
            upstream.enqueue([ReviewFixture.completion("See the FAQ.", confidence: 0.95)])
            #expect(try await ReviewFixture.chat(server, key: client, model: "support", feature: "faq").status == 200)
        }
        for _ in 0..<10 {
            #expect(try await ReviewFixture.chat(server, key: client, model: "chat", feature: nil).status == 200)
        }
        // The reviewers approve the confident half and reject the rest for one reason.
        for item in held {
            let verdict = item.confidence >= 0.65 ? "approve" : "reject"
            let (claimed, _) = try await HTTP.request("POST", server.baseURL + "/v1/review/items/\(item.id)/claim", key: reviewer)
            #expect(claimed == 200)
            let (decided, _) = try await HTTP.request(
                "POST", server.baseURL + "/v1/review/items/\(item.id)/decision", key: reviewer,
                json: ["verdict": verdict, "reason_code": verdict == "approve" ? "correct" : "wrong_amount"])
            #expect(decided == 200)
        }
        let (apiStatus, apiBody) = try await HTTP.request("GET", server.baseURL + "/v1/review/stats", key: reviewer)
        #expect(apiStatus == 200)
        server.kill(signal: SIGTERM)

        let json = try CLIRunner.run(["review", "stats", "--data", data, "--json"])
        #expect(json.status == 0, "\(json.stderr)")
        let stats = HTTP.object(Data(json.stdout.utf8))
        let routes = stats["routes"] as? [[String: Any]] ?? []
        #expect(routes.map { $0["route"] as? String } == ["chat", "support"])
        #expect(routes.first?["calls"] as? Int == 10 && routes.first?["flag"] as? String == "below_band")
        let support = routes.last ?? [:]
        #expect(support["calls"] as? Int == 10 && support["escalated"] as? Int == 6 && support["escalation_rate"] as? Double == 0.6)
        #expect(support["flag"] as? String == "above_band", "60 % is not above 60 %")
        #expect(support["decisions"] as? Int == 6 && support["overrides"] as? Int == 3)
        #expect((support["reasons"] as? [[String: Any]])?.first?["flag"] as? String == "revise_prompt")
        let tasks = stats["task_types"] as? [[String: Any]] ?? []
        #expect(tasks.map { $0["task_type"] as? String } == ["faq", "refund"])
        #expect(tasks.last?["flag"] as? String == "do_not_automate_yet")
        // The API said the same while the server ran.
        let api = HTTP.object(apiBody)
        #expect((api["routes"] as? [[String: Any]])?.map { $0["escalated"] as? Int } == routes.map { $0["escalated"] as? Int })

        let table = try CLIRunner.run(["review", "stats", "--data", data, "--since", "1d"])
        #expect(table.status == 0, "\(table.stderr)")
        let lines = table.stdout.split(separator: "\n").map(String.init)
        #expect(lines.first?.hasPrefix("Review statistics of tenant default, ") == true)
        #expect(lines.contains { $0.hasPrefix("  route ") && $0.contains("calls") && $0.contains("override rate") })
        #expect(lines.contains { $0.hasPrefix("  support ") && $0.contains("60.0%") && $0.contains("above_band") && $0.contains("50.0%") }, "\(table.stdout)")
        #expect(lines.contains { $0.hasPrefix("  chat ") && $0.contains("0.0%") && $0.contains("below_band") })
        #expect(lines.contains { $0.contains("wrong_amount") && $0.contains("revise_prompt") })
        #expect(lines.contains("  support: revise_prompt — 3 overrides for \"wrong_amount\" (50.0% of decisions); revise the prompt"))
        #expect(lines.contains("  refund: do_not_automate_yet — all 6 calls escalated"))
        #expect(lines.contains { $0.hasPrefix("  chat: below_band") })

        // The export feeds parapet calibrate.
        let out = data + "/review.jsonl"
        let export = try CLIRunner.run(["review", "export", "--data", data, "--out", out])
        #expect(export.status == 0, "\(export.stderr)")
        #expect(export.stdout.contains("wrote 6 calibration samples"))
        let samples = try String(contentsOfFile: out, encoding: .utf8).split(separator: "\n").map { HTTP.object(Data($0.utf8)) }
        #expect(samples.count == 6)
        let labelled = Dictionary(uniqueKeysWithValues: samples.compactMap { s in
            (s["score"] as? Double).map { (($0 * 1_000).rounded() / 1_000, s["correct"] as? Bool) }
        })
        #expect(labelled == [0.5: false, 0.55: false, 0.6: false, 0.65: true, 0.7: true, 0.75: true])
        let calibrate = try CLIRunner.run(["calibrate", out, "--method", "platt", "--out", data + "/calibrator.json"])
        #expect(calibrate.status == 0, "\(calibrate.stdout)\(calibrate.stderr)")
        #expect(FileManager.default.fileExists(atPath: data + "/calibrator.json"))

        // Another tenant, another period, mistakes.
        let other = try CLIRunner.run(["review", "stats", "--data", data, "--tenant", "elsewhere"])
        #expect(other.status == 0 && other.stdout.contains("no gateway call and no review item in this period"))
        let future = try CLIRunner.run(["review", "export", "--data", data, "--since", "2999-01-01", "--until", "2999-01-08", "--out", data + "/none.jsonl"])
        #expect(future.status == 0 && future.stdout.contains("wrote 0 calibration samples") && future.stderr.contains("no reviewed item"))
        #expect(CLIRunner.runStatus(["review", "stats", "--data", data + "/missing"]) == 2)
        #expect(CLIRunner.runStatus(["review", "stats", "--data", data, "--since", "last week"]) == 2)
        #expect(CLIRunner.runStatus(["review", "stats", "--data", data, "--since", "1d", "--until", "2d"]) == 2)
        #expect(CLIRunner.runStatus(["review", "export", "--data", data]) == 2, "--out is required")
    }
}

/// A `parapet serve` whose route `support` holds answers with a confidence in [0.4, 0.8) for
/// review (route `chat` delivers everything), against an in-process mock upstream, and HTTP
/// helpers that see headers.
enum ReviewFixture {
    static let adminKey = "ppk_" + String(repeating: "7", count: 40)

    /// Runs `body` with a started mock upstream, stopping it afterwards.
    static func withUpstream(_ body: (MockUpstream) async throws -> Void) async throws {
        let upstream = MockUpstream()
        _ = try await upstream.start(host: "127.0.0.1", port: 0)
        do {
            try await body(upstream)
        } catch {
            await upstream.stop()
            throw error
        }
        await upstream.stop()
    }

    static func serve(data: String, upstream: MockUpstream) throws -> ServeProcess {
        let config = """
            gateway:
              providers:
                mock:
                  kind: openai
                  base_url: \(upstream.baseURL)
              routes:
                chat:
                  targets:
                    - { provider: mock, model: mock-model }
                support:
                  targets:
                    - { provider: mock, model: mock-model }
                  confidence: { auto: 0.8, reject: 0.4 }
            """
        let path = data + "/parapet.yaml"
        try config.write(toFile: path, atomically: true, encoding: .utf8)
        return try ServeProcess(dataDirectory: data, adminKey: adminKey, extraArguments: ["--config", path])
    }

    /// New keys of the admin's tenant with these roles; their secrets in order.
    static func keys(_ server: ServeProcess, roles: [String]) async throws -> [String] {
        var secrets: [String] = []
        for (i, role) in roles.enumerated() {
            let (status, body) = try await HTTP.request("POST", server.baseURL + "/v1/admin/keys", key: adminKey, json: ["role": role, "name": "\(role) \(i)"])
            guard status == 201, let secret = HTTP.object(body)["secret"] as? String else {
                throw ServeProcess.ServeError(message: "creating a \(role) key answered \(status)")
            }
            secrets.append(secret)
        }
        return secrets
    }

    /// An OpenAI chat completion whose two tokens each have probability `confidence`.
    static func completion(_ content: String, confidence: Double) -> MockScenario {
        let logprob = log(confidence)
        return .completion(#"""
            {"id":"chatcmpl-r","object":"chat.completion","created":1700000000,"model":"mock-model",
             "choices":[{"index":0,"message":{"role":"assistant","content":"\#(content)"},"finish_reason":"stop",
               "logprobs":{"content":[{"token":"A","logprob":\#(logprob),"top_logprobs":[]},{"token":"B","logprob":\#(logprob),"top_logprobs":[]}]}}],
             "usage":{"prompt_tokens":10,"completion_tokens":2,"total_tokens":12}}
            """#)
    }

    /// A chat request; the status, the response headers (lower-cased names) and the body.
    static func chat(_ server: ServeProcess, key: String, model: String, feature: String?) async throws -> (status: Int, headers: [String: String], body: Data) {
        var headers = ["content-type": "application/json"]
        if let feature { headers["x-parapet-feature"] = feature }
        return try await send("POST", server.baseURL + "/v1/chat/completions", key: key, headers: headers,
            body: Data(#"{"model":"\#(model)","messages":[{"role":"user","content":"Can I get a refund for order 1182?"}]}"#.utf8))
    }

    static func send(_ method: String, _ url: String, key: String, headers: [String: String] = [:], body: Data? = nil) async throws -> (status: Int, headers: [String: String], body: Data) {
        guard let u = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: u)
        request.httpMethod = method
        request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization")
        for (name, value) in headers { request.setValue(value, forHTTPHeaderField: name) }
        request.httpBody = body
        let (data, response) = try await HTTP.session.data(for: request)
        guard let http = response as? HTTPURLResponse else { throw URLError(.badServerResponse) }
        var fields: [String: String] = [:]
        for (name, value) in http.allHeaderFields {
            if let name = name as? String, let value = value as? String { fields[name.lowercased()] = value }
        }
        return (http.statusCode, fields, data)
    }
}
