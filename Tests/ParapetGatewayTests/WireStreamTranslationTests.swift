import ParapetCore
import Testing
@testable import ParapetGateway

@Suite("Wire stream translation")
struct WireStreamTranslationTests {
    static let openAIChunks = [
        #"{"id":"c1","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"role":"assistant","content":""},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"content":"Hel"},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"content":"lo"},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"call_a","type":"function","function":{"name":"f","arguments":""}}]},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"x\":"}}]},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"1}"}}]},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{"tool_calls":[{"index":1,"id":"call_b","type":"function","function":{"name":"g","arguments":"{}"}}]},"finish_reason":null}]}"#,
        #"{"id":"c1","choices":[{"index":0,"delta":{},"finish_reason":"tool_calls"}]}"#,
        #"{"id":"c1","choices":[],"usage":{"prompt_tokens":12,"completion_tokens":7,"prompt_tokens_details":{"cached_tokens":2}}}"#,
    ]

    @Test func openAIChunksBecomeAnthropicEvents() throws {
        var stream = OpenAIToAnthropicStream(model: "claude-x")
        var events: [OpenAIToAnthropicStream.Event] = []
        for chunk in Self.openAIChunks { events += try stream.consume(ChatChunk(parsing: json(chunk))) }
        events += try stream.finish()
        #expect(try stream.finish().isEmpty)
        let lines = events.map { "\($0.name) \(text($0.data))" }
        #expect(lines == [
            #"message_start {"type":"message_start","message":{"id":"msg_c1","type":"message","role":"assistant","model":"claude-x","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":0,"output_tokens":0,"cache_read_input_tokens":0}}}"#,
            #"content_block_start {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}"#,
            #"content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hel"}}"#,
            #"content_block_delta {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"lo"}}"#,
            #"content_block_stop {"type":"content_block_stop","index":0}"#,
            #"content_block_start {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"call_a","name":"f","input":{}}}"#,
            #"content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\"x\":"}}"#,
            #"content_block_delta {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"1}"}}"#,
            #"content_block_stop {"type":"content_block_stop","index":1}"#,
            #"content_block_start {"type":"content_block_start","index":2,"content_block":{"type":"tool_use","id":"call_b","name":"g","input":{}}}"#,
            #"content_block_delta {"type":"content_block_delta","index":2,"delta":{"type":"input_json_delta","partial_json":"{}"}}"#,
            #"content_block_stop {"type":"content_block_stop","index":2}"#,
            #"message_delta {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"input_tokens":10,"output_tokens":7,"cache_read_input_tokens":2}}"#,
            #"message_stop {"type":"message_stop"}"#,
        ])
    }

    @Test func cutOpenAIStreamFails() throws {
        var stream = OpenAIToAnthropicStream(model: "m")
        _ = try stream.consume(ChatChunk(parsing: json(Self.openAIChunks[1])))
        #expect(throws: WireError.self) { try stream.finish() }
    }

    @Test func interleavedToolCallsFail() throws {
        var stream = OpenAIToAnthropicStream(model: "m")
        for chunk in Self.openAIChunks[3...6] { _ = try stream.consume(ChatChunk(parsing: json(chunk))) }
        let late = #"{"choices":[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"x"}}]}}]}"#
        #expect(wireErrorParam { _ = try stream.consume(ChatChunk(parsing: json(late))) } == .some("choices[0].delta.tool_calls"))
    }

    static let anthropicStream = """
        event: message_start
        data: {"type":"message_start","message":{"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":20,"cache_read_input_tokens":5,"output_tokens":1}}}

        event: ping
        data: {"type":"ping"}

        event: content_block_start
        data: {"type":"content_block_start","index":0,"content_block":{"type":"text","text":""}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"Hi"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":0}

        event: content_block_start
        data: {"type":"content_block_start","index":1,"content_block":{"type":"tool_use","id":"tu_1","name":"f","input":{}}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"{\\"a\\":"}}

        event: content_block_delta
        data: {"type":"content_block_delta","index":1,"delta":{"type":"input_json_delta","partial_json":"2}"}}

        event: content_block_stop
        data: {"type":"content_block_stop","index":1}

        event: message_delta
        data: {"type":"message_delta","delta":{"stop_reason":"tool_use","stop_sequence":null},"usage":{"output_tokens":15}}

        event: message_stop
        data: {"type":"message_stop"}


        """

    func anthropicEvents() throws -> [SSEEvent] {
        var parser = SSEParser()
        return try parser.feed(Array(Self.anthropicStream.utf8)) + parser.finish()
    }

    @Test func anthropicEventsBecomeOpenAIChunks() throws {
        var stream = AnthropicToOpenAIStream(model: "alias", includeUsage: true, created: 5)
        var chunks: [JSON] = []
        for event in try anthropicEvents() { chunks += try stream.consume(event) }
        chunks += try stream.finish()
        let prefix = #"{"id":"chatcmpl-msg_1","object":"chat.completion.chunk","created":5,"model":"alias","choices":"#
        #expect(chunks.map(text) == [
            prefix + #"[{"index":0,"delta":{"role":"assistant","content":""},"logprobs":null,"finish_reason":null}]}"#,
            prefix + #"[{"index":0,"delta":{"content":"Hi"},"logprobs":null,"finish_reason":null}]}"#,
            prefix + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"id":"tu_1","type":"function","function":{"name":"f","arguments":""}}]},"logprobs":null,"finish_reason":null}]}"#,
            prefix + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"{\"a\":"}}]},"logprobs":null,"finish_reason":null}]}"#,
            prefix + #"[{"index":0,"delta":{"tool_calls":[{"index":0,"function":{"arguments":"2}"}}]},"logprobs":null,"finish_reason":null}]}"#,
            prefix + #"[{"index":0,"delta":{},"logprobs":null,"finish_reason":"tool_calls"}]}"#,
            prefix + #"[],"usage":{"prompt_tokens":25,"completion_tokens":15,"total_tokens":40,"prompt_tokens_details":{"cached_tokens":5},"completion_tokens_details":{"reasoning_tokens":0}}}"#,
        ])
        for chunk in chunks { _ = try ChatChunk(parsing: chunk) }
    }

    @Test func roundTripThroughBothStreams() throws {
        var toOpenAI = AnthropicToOpenAIStream(model: "m", includeUsage: true)
        var back = OpenAIToAnthropicStream(model: "m")
        var events: [OpenAIToAnthropicStream.Event] = []
        for event in try anthropicEvents() {
            for chunk in try toOpenAI.consume(event) { events += try back.consume(ChatChunk(parsing: chunk)) }
        }
        events += try back.finish()
        let deltas = events.compactMap { $0.data["delta"] }
        #expect(deltas.compactMap { $0["text"]?.stringValue }.joined() == "Hi")
        #expect(deltas.compactMap { $0["partial_json"]?.stringValue }.joined() == #"{"a":2}"#)
        #expect(events.last?.name == "message_stop")
        #expect(events.first { $0.name == "message_delta" }?.data["usage"]?["output_tokens"] == .number(15))
    }

    @Test func withoutIncludeUsageNoUsageChunk() throws {
        var stream = AnthropicToOpenAIStream(model: "m", includeUsage: false)
        var chunks: [JSON] = []
        for event in try anthropicEvents() { chunks += try stream.consume(event) }
        #expect(chunks.allSatisfy { $0["usage"] == nil })
        #expect(chunks.last?["choices"]?.arrayValue?.first?["finish_reason"] == "tool_calls")
    }

    @Test func anthropicErrorEventThrows() {
        var stream = AnthropicToOpenAIStream(model: "m", includeUsage: false)
        let event = SSEEvent(event: "error", data: #"{"type":"error","error":{"type":"overloaded_error","message":"Overloaded"}}"#)
        #expect(throws: WireError("upstream overloaded_error: Overloaded")) { try stream.consume(event) }
    }

    @Test(arguments: [
        (#"not json"#, nil),
        (#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta","text":"x"}}"#, "type"),
    ] as [(String, String?)])
    func malformedAnthropicEventsThrow(_ data: String, _ param: String?) {
        var stream = AnthropicToOpenAIStream(model: "m", includeUsage: false)
        #expect(wireErrorParam { _ = try stream.consume(SSEEvent(data: data)) } == .some(param))
    }

    @Test(arguments: [
        (#"{"type":"content_block_start","content_block":{"type":"text","text":""}}"#, "index"),
        (#"{"type":"content_block_start","index":0}"#, "content_block"),
        (#"{"type":"content_block_start","index":0,"content_block":{"type":"tool_use","name":"f"}}"#, "content_block.id"),
        (#"{"type":"content_block_delta","index":3,"delta":{"type":"input_json_delta","partial_json":"{"}}"#, "index"),
        (#"{"type":"content_block_delta","index":0,"delta":{"type":"text_delta"}}"#, "delta.text"),
        (#"{"type":"message_delta","delta":{"stop_reason":1}}"#, "delta.stop_reason"),
        (#"{"type":"message_delta","delta":{},"usage":{"output_tokens":-1}}"#, "usage.output_tokens"),
    ] as [(String, String?)])
    func malformedEventsAfterStartNameParam(_ data: String, _ param: String?) throws {
        var stream = AnthropicToOpenAIStream(model: "m", includeUsage: false)
        _ = try stream.consume(SSEEvent(event: "message_start", data: #"{"type":"message_start","message":{"id":"x"}}"#))
        #expect(wireErrorParam { _ = try stream.consume(SSEEvent(data: data)) } == .some(param))
    }

    @Test func cutAnthropicStreamFails() throws {
        var stream = AnthropicToOpenAIStream(model: "m", includeUsage: false)
        for event in try anthropicEvents().prefix(4) { _ = try stream.consume(event) }
        #expect(throws: WireError.self) { try stream.finish() }
    }
}
