import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetCore
import ParapetGateway
import ParapetServer
import ParapetTesting
import Testing

/// Output validation with repairs and re-asks, the confidence gate's three tiers, threshold
/// windows and field thresholds, judges, grounding, end to end against the mock upstream.
@Suite(.serialized) struct QualityTests {
    static func server(_ upstream: MockUpstream, route: String, extraRoutes: String = "") async throws -> TestServer {
        let yaml = """
            gateway:
              providers:
                mock:
                  kind: openai
                  base_url: \(upstream.baseURL)
                  first_token_timeout_ms: 15000   # generous: loaded CI machines stall at the start of the parallel run
                  total_timeout_ms: 30000
              circuit_breaker: { quality_failures: 3 }
              routes:
                chat:
                  targets:
                    - { provider: mock, model: mock-model }
            \(route)
            \(extraRoutes)
            """
        let configuration = try ParapetConfiguration.parse(yaml: yaml)
        return try await TestServer(gateway: GatewayRouter.make(configuration: configuration.gateway, environment: [:]))
    }

    /// An OpenAI chat completion with this content (or tool call), and logprobs when given.
    static func completion(_ content: String?, logprobs: [(String, Double)]? = nil, tool: (name: String, arguments: String)? = nil) -> MockScenario {
        var message: JSONObject = ["role": "assistant", "content": content.map(JSON.string) ?? .null]
        if let tool {
            message["tool_calls"] = .array([
                .object(["id": "call_1", "type": "function", "function": .object(["name": .string(tool.name), "arguments": .string(tool.arguments)])])
            ])
        }
        var choice: JSONObject = ["index": .number(0), "message": .object(message), "finish_reason": tool == nil ? "stop" : "tool_calls"]
        if let logprobs {
            choice["logprobs"] = .object([
                "content": .array(logprobs.map { token, logprob in
                    .object(["token": .string(token), "logprob": .number(logprob), "top_logprobs": .array([])])
                })
            ])
        } else {
            choice["logprobs"] = .null
        }
        let body: JSONObject = [
            "id": "chatcmpl-q", "object": "chat.completion", "created": .number(1_700_000_000), "model": "mock-model",
            "choices": .array([.object(choice)]),
            "usage": .object(["prompt_tokens": .number(10), "completion_tokens": .number(5), "total_tokens": .number(15)]),
        ]
        return .completion(String(decoding: JSON.object(body).serialized, as: UTF8.self))
    }

    static let schema = #"{"type":"object","properties":{"answer":{"type":"string"},"score":{"type":"integer","minimum":0}},"required":["answer","score"],"additionalProperties":false}"#

    static func schemaRequest(_ model: String = "gated", stream: Bool = false, extra: String = "") -> ByteBuffer {
        body(#"{"model":"\#(model)","messages":[{"role":"user","content":"Rate it."}],"stream":\#(stream),"response_format":{"type":"json_schema","json_schema":{"name":"rating","schema":\#(schema)}}\#(extra)}"#)
    }

    static func call(_ client: some TestClientProtocol, _ t: TestServer, _ payload: ByteBuffer) async throws -> TestResponse {
        try await client.execute(uri: "/v1/chat/completions", method: .post, headers: t.auth("clientA"), body: payload)
    }

    static func content(_ response: TestResponse) throws -> String {
        let choices = try #require(try object(response)["choices"] as? [[String: Any]])
        let message = try #require(choices.first?["message"] as? [String: Any])
        return try #require(message["content"] as? String)
    }

    static func quality(_ t: TestServer, _ response: TestResponse) async throws -> [String: Any] {
        let call = try await GovernanceTests.call(t, auditID: response.headers[GovernanceTests.auditHeader])
        return try #require(call["quality"] as? [String: Any])
    }

    static func header(_ name: String) -> HTTPField.Name { HTTPField.Name(name) ?? .via }

    static let validatedRoute = """
            gated:
              targets:
                - { provider: mock, model: mock-model }
              validation: { max_reasks: 1 }
        """

    // MARK: - Validation

    @Test func fencedAnswerWithTrailingCommaIsRepaired() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.enqueue([Self.completion("```json\n{\"answer\": \"fine\", \"score\": 3,}\n```")])
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let response = try await Self.call(client, t, Self.schemaRequest())
                #expect(response.status == .ok)
                let content = try Self.content(response)
                #expect(content == #"{"answer":"fine","score":3}"#)
                #expect(response.headers[Self.header("x-parapet-validation")] == "repaired")
                #expect(upstream.callCount == 1)
                let validation = try #require(try await Self.quality(t, response)["validation"] as? [String: Any])
                #expect(validation["outcome"] as? String == "repaired")
                let repairs = try #require(validation["repairs"] as? [[String: Any]])
                let steps = repairs.first?["steps"] as? [String] ?? []
                #expect(steps.contains("strip_fences"))
                #expect(steps.contains("trailing_commas"))
            }
        }
    }

    @Test func schemaViolationIsReaskedWithTheErrors() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.enqueue([Self.completion(#"{"answer":"fine","score":"three"}"#), Self.completion(#"{"answer":"fine","score":3}"#)])
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let response = try await Self.call(client, t, Self.schemaRequest())
                #expect(response.status == .ok)
                #expect(try Self.content(response) == #"{"answer":"fine","score":3}"#)
                #expect(response.headers[Self.header("x-parapet-validation")] == "reasked")
                #expect(upstream.callCount == 2)
                let reask = try #require(upstream.requests.last).bodyText
                #expect(reask.contains("Your previous answer was not valid"))
                #expect(reask.contains("/score"))
                let validation = try #require(try await Self.quality(t, response)["validation"] as? [String: Any])
                #expect(validation["reasks"] as? Int == 1)
            }
        }
    }

    @Test func answerThatStaysInvalidIsRefusedNeverDelivered() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.completion(#"{"answer":42}"#)
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let response = try await Self.call(client, t, Self.schemaRequest())
                #expect(response.status == .unprocessableContent)
                let error = try GovernanceTests.error(response)
                #expect(error["type"] as? String == "invalid_output")
                #expect(error["code"] as? String == "schema_validation_failed")
                let message = try #require(error["message"] as? String)
                #expect(message.contains("score"))
                #expect(upstream.callCount == 2)
                let call = try await GovernanceTests.call(t, auditID: response.headers[GovernanceTests.auditHeader])
                #expect(call["outcome"] as? String == "invalid_output")
                let validation = try #require((call["quality"] as? [String: Any])?["validation"] as? [String: Any])
                #expect(validation["outcome"] as? String == "invalid")
                #expect((validation["errors"] as? [String])?.isEmpty == false)
            }
        }
    }

    @Test func repeatedInvalidAnswersOpenTheBreaker() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = Self.completion(#"{"answer":42}"#)
            let t = try await Self.server(upstream, route: """
                    gated:
                      targets:
                        - { provider: mock, model: mock-model }
                      validation: { max_reasks: 0 }
                """)
            try await t.app.test(.router) { client in
                for _ in 0..<3 {
                    #expect(try await Self.call(client, t, Self.schemaRequest()).status == .unprocessableContent)
                }
                let targets = try await client.execute(uri: "/v1/admin/targets", method: .get, headers: t.auth("adminA"))
                let text = String(buffer: targets.body)
                #expect(text.contains(#""state":"open""#))
            }
        }
    }

    @Test func toolArgumentsAreValidatedAgainstTheToolSchema() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.enqueue([
                Self.completion(nil, tool: ("refund", #"{"amount": "ten",}"#)),
                Self.completion(nil, tool: ("refund", #"{"amount": 10}"#)),
            ])
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let tools = #","tools":[{"type":"function","function":{"name":"refund","parameters":{"type":"object","properties":{"amount":{"type":"number"}},"required":["amount"]}}}]"#
                let response = try await Self.call(client, t, body(#"{"model":"gated","messages":[{"role":"user","content":"Refund me."}]\#(tools)}"#))
                #expect(response.status == .ok)
                let text = String(buffer: response.body)
                #expect(text.contains(#"{\"amount\":10}"#) || text.contains(#"{\"amount\": 10}"#))
                #expect(upstream.callCount == 2)
                #expect(try #require(upstream.requests.last).bodyText.contains("tool `refund`"))
            }
        }
    }

    @Test func unusableSchemaIsTheCallersError() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let payload = body(##"{"model":"gated","messages":[{"role":"user","content":"x"}],"response_format":{"type":"json_schema","json_schema":{"name":"x","schema":{"type":"object","properties":{"a":{"$ref":"#/nowhere"}}}}}}"##)
                let response = try await Self.call(client, t, payload)
                #expect(response.status == .badRequest)
                let error = try GovernanceTests.error(response)
                #expect(error["param"] as? String == "response_format.json_schema.schema")
                #expect(upstream.callCount == 0)
            }
        }
    }

    @Test func streamedRequestOnAGatedRouteGetsTheValidatedAnswerAsAStream() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.enqueue([Self.completion("```json\n{\"answer\": \"fine\", \"score\": 3}\n```")])
            let t = try await Self.server(upstream, route: Self.validatedRoute)
            try await t.app.test(.router) { client in
                let response = try await Self.call(client, t, Self.schemaRequest(stream: true))
                #expect(response.status == .ok)
                #expect(response.headers[.contentType] == "text/event-stream")
                let text = String(buffer: response.body)
                #expect(text.contains("data: [DONE]"))
                #expect(text.contains(#"{\"answer\":\"fine\",\"score\":3}"#))
                #expect(!(try #require(upstream.requests.last).bodyText.contains(#""stream":true"#)))
            }
        }
    }

    // MARK: - Confidence

    static func confidenceRoute(_ settings: String) -> String {
        "    confident:\n      targets:\n        - { provider: mock, model: mock-model }\n      confidence: " + settings
    }

    static let askConfident = body(#"{"model":"confident","messages":[{"role":"user","content":"Is the sky blue?"}]}"#)

    @Test func threeTiers() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.confidenceRoute("{ signal: geometric_mean, auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                // p = 0.95 per token → deliver, logprobs removed because the client did not ask.
                upstream.enqueue([Self.completion("Yes it is.", logprobs: [("Yes", log(0.95)), (" it", log(0.95)), (" is.", log(0.95))])])
                let high = try await Self.call(client, t, Self.askConfident)
                #expect(high.status == .ok)
                #expect(high.headers[Self.header("x-parapet-tier")] == "deliver")
                #expect(high.headers[Self.header("x-parapet-confidence")].flatMap(Double.init).map { abs($0 - 0.95) < 1e-3 } == true)
                #expect(!String(buffer: high.body).contains("top_logprobs"))
                #expect(try #require(upstream.requests.last).bodyText.contains(#""logprobs":true"#))

                upstream.enqueue([Self.completion("Maybe.", logprobs: [("Maybe", log(0.6)), (".", log(0.6))])])
                let middle = try await Self.call(client, t, Self.askConfident)
                #expect(middle.status == .accepted)
                #expect(middle.headers[.location]?.hasPrefix("/v1/reviews/rev_") == true)
                let confidence = try #require(try await Self.quality(t, middle)["confidence"] as? [String: Any])
                #expect(confidence["tier"] as? String == "review")

                upstream.enqueue([Self.completion("Purple.", logprobs: [("Purple", log(0.1)), (".", log(0.2))])])
                let low = try await Self.call(client, t, Self.askConfident)
                #expect(low.status == .ok)
                #expect(low.headers[Self.header("x-parapet-tier")] == "abstain")
                #expect(try Self.content(low).contains("rather not guess"))
                let call = try await GovernanceTests.call(t, auditID: low.headers[GovernanceTests.auditHeader])
                #expect(call["outcome"] as? String == "abstained")
            }
        }
    }

    @Test func anOpenWindowMakesThresholdsStricter() async throws {
        try await GatewayTests.withUpstream { upstream in
            let days = (1...31).map(String.init).joined(separator: ", ")
            let t = try await Self.server(
                upstream, route: Self.confidenceRoute("{ auto: 0.8, reject: 0.4, windows: [{ name: always, days_of_month: [\(days)], auto: 0.99, reject: 0.5 }] }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Self.completion("Yes.", logprobs: [("Yes", log(0.95)), (".", log(0.95))])])
                let response = try await Self.call(client, t, Self.askConfident)
                #expect(response.status == .accepted)
                let confidence = try #require(try await Self.quality(t, response)["confidence"] as? [String: Any])
                #expect(confidence["window"] as? String == "always")
                #expect(confidence["auto"] as? Double == 0.99)
            }
        }
    }

    @Test func aFieldWithLowConfidenceHoldsTheAnswer() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.confidenceRoute("{ auto: 0.5, reject: 0.1, fields: [{ path: amount, auto: 0.9, reject: 0.2 }] }"))
            try await t.app.test(.router) { client in
                let tokens: [(String, Double)] = [("{\"", log(0.99)), ("decision", log(0.99)), ("\":\"", log(0.99)), ("refund", log(0.99)), ("\",\"", log(0.99)),
                                                  ("amount", log(0.99)), ("\":", log(0.99)), ("120", log(0.5)), ("}", log(0.99))]
                upstream.enqueue([Self.completion(#"{"decision":"refund","amount":120}"#, logprobs: tokens)])
                let response = try await Self.call(client, t, Self.askConfident)
                #expect(response.status == .accepted)
                let confidence = try #require(try await Self.quality(t, response)["confidence"] as? [String: Any])
                let fields = try #require(confidence["fields"] as? [[String: Any]])
                #expect(fields.first?["path"] as? String == "amount")
                #expect(fields.first?["tier"] as? String == "review")
                #expect((fields.first?["raw"] as? Double).map { abs($0 - 0.5) < 1e-6 } == true)
            }
        }
    }

    @Test func theJudgeGradesAnswersWithoutLogprobs() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(
                upstream, route: Self.confidenceRoute("{ signal: geometric_mean, judge_route: chat, auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Self.completion("The sky is blue.", logprobs: nil), .reply(#"{"score": 0.9}"#)])
                let response = try await Self.call(client, t, Self.askConfident)
                #expect(response.status == .ok)
                #expect(response.headers[Self.header("x-parapet-tier")] == "deliver")
                #expect(upstream.callCount == 2)
                let confidence = try #require(try await Self.quality(t, response)["confidence"] as? [String: Any])
                #expect(confidence["signal"] as? String == "judge")
                #expect(confidence["judge"] as? Double == 0.9)
            }
        }
    }

    @Test func noScoreLandsInTheConfiguredTier() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.confidenceRoute("{ on_missing: abstain, abstain: { reply: \"Not sure.\" } }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Self.completion("Blue.", logprobs: nil)])
                let response = try await Self.call(client, t, Self.askConfident)
                #expect(response.status == .ok)
                #expect(try Self.content(response) == "Not sure.")
                let confidence = try #require(try await Self.quality(t, response)["confidence"] as? [String: Any])
                #expect(confidence["missing"] as? String == "the answer has no usable logprobs")
            }
        }
    }

    // MARK: - Review (pre-action approval)

    static func review(_ client: some TestClientProtocol, _ t: TestServer, _ path: String, method: HTTPRequest.Method = .get, key: String = "reviewerA", json: String? = nil) async throws -> TestResponse {
        try await client.execute(uri: path, method: method, headers: t.auth(key), body: json.map(body))
    }

    static let middling = Self.completion("Maybe.", logprobs: [("Maybe", log(0.6)), (".", log(0.6))])

    @Test func aHeldAnswerIsReleasedExactlyOnceAfterApproval() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.confidenceRoute("{ auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Self.middling])
                let held = try await Self.call(client, t, Self.askConfident)
                #expect(held.status == .accepted)
                let location = try #require(held.headers[.location])
                let id = try #require(try object(held)["id"] as? String)

                // The client polls: still pending.
                let pending = try await Self.review(client, t, location, key: "clientA")
                #expect(pending.status == .accepted)
                #expect(try object(pending)["status"] as? String == "pending")

                // A reviewer of another tenant cannot see it; a client cannot work the queue.
                #expect(try await Self.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "adminB").status == .notFound)
                #expect(try await Self.review(client, t, "/v1/review/queue", key: "clientA").status == .forbidden)

                let queue = try await Self.review(client, t, "/v1/review/queue")
                let items = try #require(try object(queue)["data"] as? [[String: Any]])
                #expect(items.first?["id"] as? String == id)
                #expect(items.first?["suggestion"] as? String == "Maybe.")

                // Deciding needs the lease.
                let early = try await Self.review(client, t, "/v1/review/items/\(id)/decision", method: .post, json: #"{"verdict":"approve","reason_code":"looks_right"}"#)
                #expect(early.status == .conflict)
                #expect(try await Self.review(client, t, "/v1/review/items/\(id)/claim", method: .post).status == .ok)
                #expect(try await Self.review(client, t, "/v1/review/items/\(id)/claim", method: .post, key: "adminA").status == .conflict)
                let approved = try await Self.review(client, t, "/v1/review/items/\(id)/decision", method: .post, json: #"{"verdict":"approve","reason_code":"looks_right"}"#)
                #expect(approved.status == .ok)

                let released = try await Self.review(client, t, location + "?wait=5", key: "clientA")
                #expect(released.status == .ok)
                #expect(try Self.content(released) == "Maybe.")
                #expect(!String(buffer: released.body).contains("top_logprobs"))
                let again = try await Self.review(client, t, location, key: "clientA")
                #expect(again.status == .conflict)
                #expect(try GovernanceTests.error(again)["code"] as? String == "already_released")
                #expect(upstream.callCount == 1)

                let call = try await GovernanceTests.call(t, auditID: held.headers[GovernanceTests.auditHeader])
                #expect(call["outcome"] as? String == "held_for_review")
            }
        }
    }

    @Test func aRejectedOrEditedAnswer() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: Self.confidenceRoute("{ auto: 0.8, reject: 0.4 }"))
            try await t.app.test(.router) { client in
                upstream.enqueue([Self.middling, Self.middling])
                let first = try #require(try await Self.call(client, t, Self.askConfident).headers[.location])
                let second = try #require(try await Self.call(client, t, Self.askConfident).headers[.location])
                let firstID = String(first.split(separator: "/").last ?? "")
                let secondID = String(second.split(separator: "/").last ?? "")

                _ = try await Self.review(client, t, "/v1/review/items/\(firstID)/claim", method: .post)
                _ = try await Self.review(client, t, "/v1/review/items/\(firstID)/decision", method: .post, json: #"{"verdict":"reject","reason_code":"wrong_answer"}"#)
                let rejected = try await Self.review(client, t, first, key: "clientA")
                #expect(rejected.status == .unprocessableContent)
                let error = try GovernanceTests.error(rejected)
                #expect(error["type"] as? String == "review_rejected")
                #expect(error["code"] as? String == "wrong_answer")

                _ = try await Self.review(client, t, "/v1/review/items/\(secondID)/claim", method: .post)
                let bad = try await Self.review(client, t, "/v1/review/items/\(secondID)/decision", method: .post, json: #"{"verdict":"edit","reason_code":"tone"}"#)
                #expect(bad.status == .badRequest)
                _ = try await Self.review(client, t, "/v1/review/items/\(secondID)/decision", method: .post, json: #"{"verdict":"edit","reason_code":"tone","edited_content":"Yes, it is blue."}"#)
                let edited = try await Self.review(client, t, second, key: "clientA")
                #expect(edited.status == .ok)
                #expect(try Self.content(edited) == "Yes, it is blue.")
                #expect(edited.headers[Self.header("x-parapet-review-status")] == "edited")

                let wait = try await Self.review(client, t, first + "?wait=999", key: "clientA")
                #expect(wait.status == .badRequest)
            }
        }
    }

    // MARK: - Grounding

    static let sources = #","parapet_sources":["The Eiffel Tower is 330 metres tall and stands in Paris. It was completed in 1889."]"#

    @Test func anUngroundedSentenceIsFlaggedAndSourcesNeverGoUpstream() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: """
                    rag:
                      targets:
                        - { provider: mock, model: mock-model }
                      grounding: { minimum_score: 0.9, action: flag }
                """)
            try await t.app.test(.router) { client in
                upstream.enqueue([.reply("The Eiffel Tower is 330 metres tall and stands in Paris. It was designed by Leonardo da Vinci in 1492.")])
                let payload = body(#"{"model":"rag","messages":[{"role":"user","content":"Tell me about the tower."}]\#(Self.sources)}"#)
                let response = try await Self.call(client, t, payload)
                #expect(response.status == .ok)
                #expect(!(try #require(upstream.requests.last).bodyText.contains("parapet_sources")))
                let grounding = try #require(try await Self.quality(t, response)["grounding"] as? [String: Any])
                #expect(grounding["grounded"] as? Bool == false)
                #expect(grounding["unsupported"] as? Int == 1)
                #expect(response.headers[Self.header("x-parapet-grounding")] != nil)
                let id = try #require(response.headers[GovernanceTests.auditHeader])
                let record = try #require(try await t.stores.audit.record(id: id, tenant: "tenant-a"))
                #expect(record.entry.categories.contains("output.ungrounded"))
            }
        }
    }

    @Test func groundingBlockRefusesUngroundedAnswers() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, route: """
                    rag:
                      targets:
                        - { provider: mock, model: mock-model }
                      grounding: { minimum_score: 0.9, action: block }
                """)
            try await t.app.test(.router) { client in
                upstream.enqueue([.reply("The tower was painted green by Napoleon in 1750 for 45 million francs.")])
                let payload = body(#"{"model":"rag","messages":[{"role":"user","content":"Tell me about the tower."}]\#(Self.sources)}"#)
                let response = try await Self.call(client, t, payload)
                #expect(response.status == .badRequest)
                let error = try GovernanceTests.error(response)
                #expect(error["type"] as? String == "guardrail_blocked")
                #expect(error["code"] as? String == "output.ungrounded")

                let malformed = body(#"{"model":"rag","messages":[{"role":"user","content":"x"}],"parapet_sources":"not a list"}"#)
                let bad = try await Self.call(client, t, malformed)
                #expect(bad.status == .badRequest)
                #expect(try GovernanceTests.error(bad)["param"] as? String == "parapet_sources")
            }
        }
    }
}
