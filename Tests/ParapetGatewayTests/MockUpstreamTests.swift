import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import Testing
@testable import ParapetTesting

/// The mock upstream through a real socket: every scenario in both API shapes, streaming and not.
@Suite struct MockUpstreamTests {
    // MARK: Healthy answers

    @Test func openAIAnswersWithTheLastUserMessageAndUsage() async throws {
        try await withMock { mock in
            let body = #"{"model":"gpt-test","messages":[{"role":"system","content":"be brief"},{"role":"user","content":"hello there"}]}"#
            let response = try await post(mock, "/chat/completions", body)
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            let json = try object(response.body)
            #expect(json["object"] as? String == "chat.completion")
            #expect(json["model"] as? String == "gpt-test")
            let choice = try #require((json["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "Mock answer: hello there")
            #expect(choice["finish_reason"] as? String == "stop")
            let usage = try #require(json["usage"] as? [String: Any])
            #expect(usage["prompt_tokens"] as? Int == body.utf8.count / 4)
            #expect(usage["completion_tokens"] as? Int == 4)
            #expect(usage["total_tokens"] as? Int == body.utf8.count / 4 + 4)
        }
    }

    @Test func openAIStreamsRoleContentFinishUsageAndDone() async throws {
        try await withMock { mock in
            let body = #"{"model":"m","stream":true,"stream_options":{"include_usage":true},"messages":[{"role":"user","content":[{"type":"text","text":"one two three four five"}]}]}"#
            let response = try await post(mock, "/chat/completions", body)
            #expect(response.status == 200)
            #expect(response.header("content-type") == "text/event-stream")
            let events = sseData(response.body)
            #expect(events.last == "[DONE]")
            let chunks = try events.dropLast().map(object)
            let deltas = chunks.compactMap { (($0["choices"] as? [[String: Any]])?.first?["delta"] as? [String: Any]) }
            #expect(deltas.first?["role"] as? String == "assistant")
            let text = deltas.compactMap { $0["content"] as? String }.joined()
            #expect(text == "Mock answer: one two three four five")
            #expect(deltas.filter { ($0["content"] as? String)?.isEmpty == false }.count >= 2)
            let finish = chunks.compactMap { ($0["choices"] as? [[String: Any]])?.first?["finish_reason"] as? String }
            #expect(finish == ["stop"])
            #expect((chunks.last?["usage"] as? [String: Any])?["completion_tokens"] as? Int == 7)
        }
    }

    @Test func openAIStreamWithoutIncludeUsageHasNoUsageChunk() async throws {
        try await withMock { mock in
            let response = try await post(mock, "/chat/completions", #"{"stream":true,"messages":[{"role":"user","content":"hi"}]}"#)
            let events = sseData(response.body)
            #expect(events.last == "[DONE]")
            #expect(!events.contains { $0.contains("\"usage\"") })
        }
    }

    @Test func openAICallsTheFirstToolWhenToolsAreGiven() async throws {
        try await withMock { mock in
            let tools = #""tools":[{"type":"function","function":{"name":"get_weather","parameters":{}}},{"type":"function","function":{"name":"other"}}]"#
            let plain = try object(try await post(mock, "/chat/completions", #"{"messages":[{"role":"user","content":"x"}],"# + tools + "}").body)
            let choice = try #require((plain["choices"] as? [[String: Any]])?.first)
            #expect(choice["finish_reason"] as? String == "tool_calls")
            let call = try #require(((choice["message"] as? [String: Any])?["tool_calls"] as? [[String: Any]])?.first)
            #expect((call["function"] as? [String: Any])?["name"] as? String == "get_weather")
            #expect((call["function"] as? [String: Any])?["arguments"] as? String == "{}")

            let streamed = sseData(try await post(mock, "/chat/completions", #"{"stream":true,"messages":[],"# + tools + "}").body)
            #expect(streamed.last == "[DONE]")
            #expect(streamed.contains { $0.contains(#""name":"get_weather""#) })
            #expect(streamed.contains { $0.contains(#""finish_reason":"tool_calls""#) })
        }
    }

    @Test func anthropicAnswersAMessage() async throws {
        try await withMock { mock in
            let body = #"{"model":"claude-test","max_tokens":100,"messages":[{"role":"user","content":"hello there"}]}"#
            let response = try await post(mock, "/messages", body)
            #expect(response.status == 200)
            let json = try object(response.body)
            #expect(json["type"] as? String == "message")
            #expect(json["model"] as? String == "claude-test")
            #expect(json["stop_reason"] as? String == "end_turn")
            let block = try #require((json["content"] as? [[String: Any]])?.first)
            #expect(block["type"] as? String == "text")
            #expect(block["text"] as? String == "Mock answer: hello there")
            #expect((json["usage"] as? [String: Any])?["output_tokens"] as? Int == 4)
        }
    }

    @Test func anthropicStreamsTheEventSequence() async throws {
        try await withMock { mock in
            let body = #"{"stream":true,"messages":[{"role":"user","content":[{"type":"text","text":"a b c d"}]}]}"#
            let response = try await post(mock, "/messages", body)
            #expect(response.header("content-type") == "text/event-stream")
            let names = sseEvents(response.body)
            #expect(names.first == "message_start")
            #expect(names.last == "message_stop")
            #expect(names.filter { $0 == "content_block_delta" }.count >= 2)
            #expect(Array(names.suffix(3)) == ["content_block_stop", "message_delta", "message_stop"])
            let deltas = try sseData(response.body).map(object).filter { $0["type"] as? String == "content_block_delta" }
            let text = deltas.compactMap { ($0["delta"] as? [String: Any])?["text"] as? String }.joined()
            #expect(text == "Mock answer: a b c d")
            #expect(response.body.contains(#""stop_reason":"end_turn""#))
        }
    }

    @Test func anthropicUsesTheFirstTool() async throws {
        try await withMock { mock in
            let tools = #""tools":[{"name":"lookup","input_schema":{"type":"object"}}]"#
            let json = try object(try await post(mock, "/messages", #"{"messages":[],"# + tools + "}").body)
            #expect(json["stop_reason"] as? String == "tool_use")
            let block = try #require((json["content"] as? [[String: Any]])?.first)
            #expect(block["type"] as? String == "tool_use")
            #expect(block["name"] as? String == "lookup")
            #expect((block["input"] as? [String: Any])?.isEmpty == true)

            let streamed = try await post(mock, "/messages", #"{"stream":true,"messages":[],"# + tools + "}").body
            #expect(streamed.contains(#""type":"tool_use""#))
            #expect(streamed.contains("input_json_delta"))
            #expect(sseEvents(streamed).last == "message_stop")
        }
    }

    @Test func replyAnswersWithTheExactTextAndMaxTokensCutsIt() async throws {
        try await withMock(.reply("exactly \"this\" text")) { mock in
            let json = try object(try await post(mock, "/chat/completions", #"{"messages":[]}"#).body)
            let choice = try #require((json["choices"] as? [[String: Any]])?.first)
            #expect((choice["message"] as? [String: Any])?["content"] as? String == "exactly \"this\" text")

            let cut = try object(try await post(mock, "/messages", #"{"max_tokens":2,"messages":[]}"#).body)
            #expect(cut["stop_reason"] as? String == "max_tokens")
            #expect((cut["content"] as? [[String: Any]])?.first?["text"] as? String == "exactly \"this\"")
        }
    }

    @Test func modelsAndEmbeddings() async throws {
        try await withMock { mock in
            let models = try object(try await get(mock, "/models").body)
            let ids = (models["data"] as? [[String: Any]])?.compactMap { $0["id"] as? String } ?? []
            #expect(ids.contains("mock-model"))
            #expect(ids.contains("mock-server_error"))

            let body = #"{"model":"embed","input":["alpha","beta","alpha"]}"#
            let json = try object(try await post(mock, "/embeddings", body).body)
            let vectors = (json["data"] as? [[String: Any]])?.compactMap { $0["embedding"] as? [Double] } ?? []
            #expect(vectors.count == 3)
            #expect(vectors.allSatisfy { $0.count == 8 && $0.allSatisfy { (-1...1).contains($0) } })
            #expect(vectors[0] == vectors[2])
            #expect(vectors[0] != vectors[1])
            #expect((json["usage"] as? [String: Any])?["prompt_tokens"] as? Int == body.utf8.count / 4)
        }
    }

    // MARK: Failures

    /// A scripted error: the scenario, the API, and the expected status, error type and code.
    struct ErrorCase: Sendable, CustomStringConvertible {
        var scenario: MockScenario
        var path: String
        var status: UInt
        var type: String
        var code: String?
        var description: String { "\(scenario.headerValue) on \(path)" }
    }

    static let errorCases = [
        ErrorCase(scenario: .rateLimited(retryAfter: nil), path: "/chat/completions", status: 429, type: "requests", code: "rate_limit_exceeded"),
        ErrorCase(scenario: .serverError, path: "/chat/completions", status: 500, type: "server_error", code: nil),
        ErrorCase(scenario: .contentFilter, path: "/chat/completions", status: 400, type: "invalid_request_error", code: "content_filter"),
        ErrorCase(scenario: .contextLength, path: "/chat/completions", status: 400, type: "invalid_request_error", code: "context_length_exceeded"),
        ErrorCase(scenario: .rateLimited(retryAfter: nil), path: "/messages", status: 429, type: "rate_limit_error"),
        ErrorCase(scenario: .serverError, path: "/messages", status: 500, type: "api_error"),
        ErrorCase(scenario: .contentFilter, path: "/messages", status: 400, type: "invalid_request_error"),
        ErrorCase(scenario: .contextLength, path: "/messages", status: 400, type: "invalid_request_error"),
    ]

    @Test(arguments: errorCases, [false, true])
    func failuresUseTheAPIsErrorShape(_ errorCase: ErrorCase, streaming: Bool) async throws {
        try await withMock(errorCase.scenario) { mock in
            let body = #"{"stream":\#(streaming),"messages":[{"role":"user","content":"hi"}]}"#
            let response = try await post(mock, errorCase.path, body)
            #expect(response.status == errorCase.status)
            #expect(response.header("content-type") == "application/json")
            let json = try object(response.body)
            let error = try #require(json["error"] as? [String: Any])
            #expect(error["type"] as? String == errorCase.type)
            #expect((error["message"] as? String)?.isEmpty == false)
            if errorCase.path == "/messages" {
                #expect(json["type"] as? String == "error")
            } else {
                #expect(error["code"] as? String == errorCase.code)
                #expect(error.keys.contains("param"))
            }
            if errorCase.scenario == .contextLength, errorCase.path == "/messages" {
                #expect((error["message"] as? String)?.hasPrefix("prompt is too long: ") == true)
            }
            if errorCase.scenario == .contentFilter, errorCase.path == "/messages" {
                #expect((error["message"] as? String)?.contains("filtering") == true)
            }
        }
    }

    @Test func rateLimitedSendsRetryHeadersWhenGiven() async throws {
        try await withMock(.rateLimited(retryAfter: 1.5)) { mock in
            let response = try await post(mock, "/messages", #"{"messages":[]}"#)
            #expect(response.status == 429)
            #expect(response.header("retry-after") == "1.5")
            #expect(response.header("retry-after-ms") == "1500")
            mock.defaultScenario = .rateLimited(retryAfter: nil)
            let bare = try await post(mock, "/chat/completions", #"{"messages":[]}"#)
            #expect(bare.header("retry-after") == nil)
            #expect(bare.header("retry-after-ms") == nil)
        }
    }

    @Test(arguments: ["/chat/completions", "/messages"], [false, true])
    func malformedJSONIsATruncatedJSONBody(_ path: String, streaming: Bool) async throws {
        try await withMock(.malformedJSON) { mock in
            let response = try await post(mock, path, #"{"stream":\#(streaming),"messages":[]}"#)
            #expect(response.status == 200)
            #expect(response.header("content-type") == "application/json")
            #expect(response.body.hasPrefix("{"))
            #expect((try? JSONSerialization.jsonObject(with: Data(response.body.utf8))) == nil)
        }
    }

    @Test(arguments: ["/chat/completions", "/messages"])
    func slowStreamStillDeliversTheWholeAnswer(_ path: String) async throws {
        try await withMock(.slowStream(interval: .milliseconds(5))) { mock in
            let streamed = try await post(mock, path, #"{"stream":true,"messages":[{"role":"user","content":"x y z"}]}"#)
            #expect(streamed.body.hasSuffix(path == "/messages" ? "{\"type\":\"message_stop\"}\n\n" : "data: [DONE]\n\n"))
            let plain = try await post(mock, path, #"{"messages":[{"role":"user","content":"x y z"}]}"#)
            #expect(plain.status == 200)
            #expect(plain.body.contains("Mock answer: x y z"))
        }
    }

    @Test(arguments: ["/chat/completions", "/messages"])
    func cutStreamEndsWithoutATerminator(_ path: String) async throws {
        try await withMock(.cutStream) { mock in
            let body = #"{"stream":true,"messages":[{"role":"user","content":"one two three four five six"}]}"#
            let (received, error) = try await postReadingUntilError(mock, path, body)
            #expect(error != nil)
            #expect(!received.contains("[DONE]"))
            #expect(!received.contains("message_stop"))
            let contentEvents = path == "/messages"
                ? sseEvents(received).filter { $0 == "content_block_delta" }.count
                : sseData(received).filter { $0.contains(#""delta":{"content":"#) }.count
            #expect(contentEvents == 2)

            let (plain, plainError) = try await postReadingUntilError(mock, path, #"{"messages":[]}"#)
            #expect(plainError != nil)
            #expect(plain.hasPrefix("{"))
            #expect((try? JSONSerialization.jsonObject(with: Data(plain.utf8))) == nil)
        }
    }

    @Test func timeoutEndsWhenTheMockStops() async throws {
        let mock = MockUpstream(scenario: .timeout)
        _ = try await mock.start()
        let outcome = try await withThrowingTaskGroup(of: String.self) { group in
            group.addTask {
                // Well under the mock's 60 s, so a hang shows as a deadline error, not a closed connection.
                do {
                    _ = try await post(mock, "/chat/completions", #"{"messages":[]}"#, timeout: .seconds(30))
                    return "answered"
                } catch let error as HTTPClientError where error == .deadlineExceeded {
                    return "hung"
                } catch {
                    return "closed"
                }
            }
            try await waitUntil { mock.waitingAnswers == 1 }
            await mock.stop()
            return try await group.next()
        }
        #expect(outcome == "closed")
    }

    @Test func timeoutEndsWhenTheClientGoesAway() async throws {
        try await withMock(.timeout) { mock in
            await #expect(throws: HTTPClientError.self) {
                _ = try await post(mock, "/messages", #"{"messages":[]}"#, timeout: .milliseconds(300))
            }
            try await waitUntil { mock.waitingAnswers == 0 }
            #expect(mock.callCount == 1)
        }
    }

    // MARK: Choosing the scenario

    @Test func headerBeatsQueueBeatsModelBeatsDefault() async throws {
        try await withMock(.contentFilter) { mock in
            mock.enqueue([.serverError, .rateLimited(retryAfter: nil)])
            let serverErrorModel = #"{"model":"mock-context_length","messages":[]}"#
            // The header decides and leaves the queue alone.
            #expect(try await post(mock, "/chat/completions", serverErrorModel, headers: ["x-mock-scenario": "ok"]).status == 200)
            // The queue, in order, beats the model.
            #expect(try await post(mock, "/chat/completions", serverErrorModel).status == 500)
            #expect(try await post(mock, "/messages", serverErrorModel).status == 429)
            // Then the model.
            let byModel = try await post(mock, "/chat/completions", serverErrorModel)
            #expect(byModel.status == 400)
            #expect(byModel.body.contains("context_length_exceeded"))
            // Then the default.
            let byDefault = try await post(mock, "/chat/completions", #"{"model":"gpt","messages":[]}"#)
            #expect(byDefault.body.contains("\"content_filter\""))
            #expect(try await post(mock, "/chat/completions", "{}", headers: ["x-mock-scenario": "reply:hi"]).body.contains("\"hi\""))
            #expect(try await post(mock, "/chat/completions", "{}", headers: ["x-mock-scenario": "nonsense"]).status == 400)
            #expect(mock.callCount == 7)
        }
    }

    @Test func recordsRequestsWithoutCredentials() async throws {
        try await withMock { mock in
            let body = #"{"messages":[{"role":"user","content":"secret question"}]}"#
            _ = try await post(mock, "/chat/completions", body, headers: ["authorization": "Bearer sk-live-123", "x-api-key": "ak-456", "x-trace": "t1"])
            _ = try await get(mock, "/models")
            let requests = mock.requests
            #expect(requests.count == 2)
            let first = try #require(requests.first)
            #expect(first.method == "POST")
            #expect(first.path == "/v1/chat/completions")
            #expect(first.bodyText == body)
            #expect(first.header("Authorization") == RecordedRequest.redacted)
            #expect(first.header("x-api-key") == RecordedRequest.redacted)
            #expect(first.header("x-trace") == "t1")
            #expect(!first.headers.contains { $0.value.contains("sk-live") || $0.value.contains("ak-456") })
            #expect(requests.last?.path == "/v1/models")
            mock.reset()
            #expect(mock.callCount == 0)
            #expect(mock.requests.isEmpty)
        }
    }

    @Test func keepsTheLastThousandRequests() {
        let script = MockScript(defaultScenario: .ok)
        for index in 0..<1_005 {
            _ = script.admit(RecordedRequest(method: "GET", path: "/\(index)", headers: [], body: []), header: nil, model: nil, choosing: false)
        }
        #expect(script.callCount == 1_005)
        #expect(script.requests.count == 1_000)
        #expect(script.requests.first?.path == "/5")
        #expect(script.requests.last?.path == "/1004")
    }

    @Test func parsesHeaderValues() {
        #expect(MockScenario(headerValue: "ok") == .ok)
        #expect(MockScenario(headerValue: "reply:a;b=c") == .reply("a;b=c"))
        #expect(MockScenario(headerValue: "rate_limited") == .rateLimited(retryAfter: nil))
        #expect(MockScenario(headerValue: "rate_limited;retry_after=1.5") == .rateLimited(retryAfter: 1.5))
        #expect(MockScenario(headerValue: "server_error") == .serverError)
        #expect(MockScenario(headerValue: "timeout") == .timeout)
        #expect(MockScenario(headerValue: "malformed_json") == .malformedJSON)
        #expect(MockScenario(headerValue: "content_filter") == .contentFilter)
        #expect(MockScenario(headerValue: "context_length") == .contextLength)
        #expect(MockScenario(headerValue: "slow_stream;interval_ms=50") == .slowStream(interval: .milliseconds(50)))
        #expect(MockScenario(headerValue: "cut_stream") == .cutStream)
        for bad in ["", "nope", "ok;x=1", "rate_limited;retry_after=soon", "rate_limited;retry_after=-1", "slow_stream;interval_ms=", "slow_stream;speed=3"] {
            #expect(MockScenario(headerValue: bad) == nil, "\(bad)")
        }
        let all: [MockScenario] = [.ok, .reply("x"), .rateLimited(retryAfter: nil), .rateLimited(retryAfter: 2), .serverError, .timeout,
                                   .malformedJSON, .contentFilter, .contextLength, .slowStream(interval: .milliseconds(7)), .cutStream]
        for scenario in all {
            #expect(MockScenario(headerValue: scenario.headerValue) == scenario)
        }
    }

    @Test func startsTwiceOnlyAfterStopping() async throws {
        let mock = MockUpstream()
        let port = try await mock.start()
        #expect(mock.baseURL == "http://127.0.0.1:\(port)/v1")
        await #expect(throws: MockUpstreamError.alreadyRunning) { _ = try await mock.start() }
        await mock.stop()
        #expect(mock.port == nil)
        _ = try await mock.start()
        #expect(try await get(mock, "/models").status == 200)
        await mock.stop()
    }
}

// MARK: - Client helpers

/// A response read to its end.
private struct ReadResponse {
    var status: UInt
    var headers: [(String, String)]
    var body: String

    func header(_ name: String) -> String? {
        headers.first { $0.0.lowercased() == name }?.1
    }
}

/// Runs `body` against a started mock and stops it afterwards, also when `body` throws.
private func withMock(_ scenario: MockScenario = .ok, _ body: (MockUpstream) async throws -> Void) async throws {
    let mock = MockUpstream(scenario: scenario)
    _ = try await mock.start()
    do {
        try await body(mock)
    } catch {
        await mock.stop()
        throw error
    }
    await mock.stop()
}

private func request(_ mock: MockUpstream, _ path: String, method: HTTPMethod, body: String?, headers: [String: String]) -> HTTPClientRequest {
    var request = HTTPClientRequest(url: mock.baseURL + path)
    request.method = method
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    if let body {
        request.headers.add(name: "content-type", value: "application/json")
        request.body = .bytes(ByteBuffer(string: body))
    }
    return request
}

private func post(
    _ mock: MockUpstream, _ path: String, _ body: String, headers: [String: String] = [:], timeout: TimeAmount = .seconds(30)
) async throws -> ReadResponse {
    let response = try await HTTPClient.shared.execute(request(mock, path, method: .POST, body: body, headers: headers), timeout: timeout)
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return ReadResponse(status: response.status.code, headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: bytes))
}

private func get(_ mock: MockUpstream, _ path: String) async throws -> ReadResponse {
    let response = try await HTTPClient.shared.execute(request(mock, path, method: .GET, body: nil, headers: [:]), timeout: .seconds(30))
    let bytes = try await response.body.collect(upTo: 1 << 20)
    return ReadResponse(status: response.status.code, headers: response.headers.map { ($0.name, $0.value) }, body: String(buffer: bytes))
}

/// Posts and reads the body until it ends or fails; returns what arrived and the failure.
private func postReadingUntilError(_ mock: MockUpstream, _ path: String, _ body: String) async throws -> (String, (any Error)?) {
    let response = try await HTTPClient.shared.execute(request(mock, path, method: .POST, body: body, headers: [:]), timeout: .seconds(30))
    var received = ByteBuffer()
    do {
        for try await var part in response.body { received.writeBuffer(&part) }
    } catch {
        return (String(buffer: received), error)
    }
    return (String(buffer: received), nil)
}

/// Polls `condition` every 10 ms for up to 10 s; fails the test if it never holds.
private func waitUntil(_ condition: () -> Bool) async throws {
    for _ in 0..<1_000 {
        if condition() { return }
        try await Task.sleep(for: .milliseconds(10))
    }
    Issue.record("condition never held")
}

/// The `data:` payloads of a server-sent event stream.
private func sseData(_ text: String) -> [String] {
    text.split(separator: "\n").filter { $0.hasPrefix("data: ") }.map { String($0.dropFirst("data: ".count)) }
}

/// The `event:` names of a server-sent event stream.
private func sseEvents(_ text: String) -> [String] {
    text.split(separator: "\n").filter { $0.hasPrefix("event: ") }.map { String($0.dropFirst("event: ".count)) }
}

private func object(_ text: String) throws -> [String: Any] {
    try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? [String: Any])
}
