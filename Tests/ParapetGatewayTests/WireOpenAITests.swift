import Testing
@testable import ParapetGateway

@Suite("Wire OpenAI views")
struct WireOpenAITests {
    static let request = #"""
        {"model":"gpt-4o","x_vendor":{"keep":[1,2.50]},"messages":[
        {"role":"system","content":"Be brief."},
        {"role":"user","content":[{"type":"text","text":"Hello"},{"type":"image_url","image_url":{"url":"https://x/y.png"}},{"type":"text","text":"there"}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{}"}}]},
        {"role":"tool","tool_call_id":"c1","content":"42"}],
        "stream":true,"stream_options":{"include_usage":true},"max_completion_tokens":100,"temperature":0.2,
        "top_p":1,"seed":7,"tools":[{"type":"function","function":{"name":"f","parameters":{}}}],
        "tool_choice":"auto","response_format":{"type":"text"},"logprobs":false,"user":"u1","stop":"END"}
        """#

    @Test func requestProperties() throws {
        let request = try ChatRequest(parsing: json(Self.request))
        #expect(request.model == "gpt-4o")
        #expect(request.messages.count == 4)
        #expect(request.stream && request.includeUsage)
        #expect(request.maxTokens == 100)
        #expect(request.temperature == 0.2)
        #expect(request.topP == 1)
        #expect(request.seed == 7)
        #expect(request.tools.count == 1)
        #expect(request.toolChoice == .string("auto"))
        #expect(request.responseFormat?["type"] == .string("text"))
        #expect(request.logprobs == false)
        #expect(request.user == "u1")
        #expect(request.stop == ["END"])
    }

    @Test func unknownFieldsSurviveAndModelChanges() throws {
        var request = try ChatRequest(parsing: json(Self.request))
        request.setModel("gpt-4o-mini")
        let out = text(.object(request.json))
        #expect(out.contains(#""x_vendor":{"keep":[1,2.50]}"#))
        #expect(out.hasPrefix(#"{"model":"gpt-4o-mini","x_vendor""#))
    }

    @Test func textsAndReplacement() throws {
        var request = try ChatRequest(parsing: json(Self.request))
        let texts = request.texts()
        #expect(texts.map(\.text) == ["Be brief.", "Hello", "there", "42"])
        #expect(texts[2] == MessageText(messageIndex: 1, partIndex: 2, role: "user", text: "there"))
        request.replaceText(texts[2], with: "[REDACTED]")
        request.replaceText(texts[0], with: "Be long.")
        #expect(request.texts().map(\.text) == ["Be long.", "Hello", "[REDACTED]", "42"])
        request.replaceText(MessageText(messageIndex: 9, partIndex: 0, role: "user", text: ""), with: "x")
        #expect(request.texts().count == 4)
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":1,"messages":[{"role":"user","content":"x"}]}"#, "model"),
        (#"{"model":"m","messages":[]}"#, "messages"),
        (#"{"model":"m","messages":{}}"#, "messages"),
        (#"{"model":"m","messages":[1]}"#, "messages[0]"),
        (#"{"model":"m","messages":[{"content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"root","content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"},{"role":"user","content":5}]}"#, "messages[1].content"),
        (#"{"model":"m","messages":[{"role":"user","content":null}]}"#, "messages[0].content"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text"),
        (#"{"model":"m","messages":[{"role":"user","content":[{"text":"x"}]}]}"#, "messages[0].content[0].type"),
        (#"{"model":"m","messages":[{"role":"tool","content":"x"}]}"#, "messages[0].tool_call_id"),
        (#"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"a","function":{"name":"f"}}]}]}"#, "messages[0].tool_calls[0].function.arguments"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream":"yes"}"#, "stream"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stream_options":{"include_usage":1}}"#, "stream_options.include_usage"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":-1}"#, "max_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_completion_tokens":1.5}"#, "max_completion_tokens"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"temperature":"hot"}"#, "temperature"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function"}]}"#, "tools[0].function"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"tool_choice":3}"#, "tool_choice"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}],"stop":[1]}"#, "stop"),
    ])
    func malformedRequestNamesParam(_ body: String, _ param: String) {
        #expect(wireErrorParam { _ = try ChatRequest(parsing: json(body)) } == .some(param))
    }

    @Test func nonObjectBodyIsRefused() {
        #expect(wireErrorParam { _ = try ChatRequest(parsing: .array([])) } == .some(nil))
    }

    static let completion = #"""
        {"id":"chatcmpl-1","object":"chat.completion","model":"gpt-4o","choices":[
        {"index":0,"message":{"role":"assistant","content":"Hi there"},"finish_reason":"stop"},
        {"index":1,"message":{"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"tool_calls"}],
        "usage":{"prompt_tokens":10,"completion_tokens":5,"total_tokens":15,"prompt_tokens_details":{"cached_tokens":4},"completion_tokens_details":{"reasoning_tokens":2}},
        "system_fingerprint":"fp"}
        """#

    @Test func completionView() throws {
        var completion = try ChatCompletion(parsing: json(Self.completion))
        #expect(completion.model == "gpt-4o")
        #expect(completion.choices.map(\.content) == ["Hi there", nil])
        #expect(completion.choices[1].toolCalls == [ToolCall(id: "c1", name: "f", arguments: #"{"a":1}"#)])
        #expect(completion.choices.map(\.finishReason) == ["stop", "tool_calls"])
        #expect(completion.usage == Usage(input: 10, output: 5, cached: 4, reasoning: 2))
        #expect(completion.texts() == [MessageText(messageIndex: 0, partIndex: nil, role: "assistant", text: "Hi there")])
        completion.setContent(choice: 0, "redacted")
        #expect(completion.choices[0].content == "redacted")
        #expect(text(.object(completion.json)).contains(#""system_fingerprint":"fp""#))
    }

    @Test(arguments: [
        (#"{"model":"m"}"#, "choices"),
        (#"{"choices":[{"index":0}]}"#, "choices[0].message"),
        (#"{"choices":[{"message":{"content":7}}]}"#, "choices[0].message.content"),
        (#"{"choices":[{"message":{"tool_calls":[{"id":"x","function":{}}]}}]}"#, "choices[0].message.tool_calls[0].function.name"),
        (#"{"choices":[],"usage":{"prompt_tokens":-3}}"#, "usage.prompt_tokens"),
        (#"{"choices":[{"message":{},"finish_reason":1}]}"#, "choices[0].finish_reason"),
    ])
    func malformedCompletionNamesParam(_ body: String, _ param: String) {
        #expect(wireErrorParam { _ = try ChatCompletion(parsing: json(body)) } == .some(param))
    }

    @Test func chunkView() throws {
        var chunk = try ChatChunk(parsing: json(#"""
            {"id":"c","object":"chat.completion.chunk","choices":[{"index":0,"delta":{"content":"He","tool_calls":[{"index":0,"id":"t","function":{"name":"f","arguments":""}}]},"finish_reason":null}]}
            """#))
        #expect(chunk.choices.first?.content == "He")
        #expect(chunk.choices.first?.toolCalls == [ToolCallDelta(index: 0, id: "t", name: "f", arguments: "")])
        #expect(chunk.choices.first?.finishReason == nil)
        chunk.setDeltaContent(choice: 0, "**")
        #expect(chunk.choices.first?.content == "**")
        let usage = try ChatChunk(parsing: json(#"{"choices":[],"usage":{"prompt_tokens":3,"completion_tokens":4}}"#))
        #expect(usage.usage == Usage(input: 3, output: 4))
        #expect(usage.usage?.total == 7)
        #expect(wireErrorParam { _ = try ChatChunk(parsing: json(#"{"choices":[{"delta":{"content":[]}}]}"#)) } == .some("choices[0].delta.content"))
    }

    @Test func usageSaturatesOnHostileCounts() throws {
        let usage = try Usage(anthropic: json(#"{"input_tokens":9223372036854775807,"cache_read_input_tokens":9223372036854775807}"#).objectValue ?? [:])
        #expect(usage.input == Int.max)
        #expect(Usage(input: .max, output: .max).total == .max)
    }
}
