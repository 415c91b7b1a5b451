import ParapetCore
import Testing
@testable import ParapetGateway

@Suite("Wire Anthropic translation")
struct WireAnthropicTests {
    static let anthropicRequest = #"""
        {"model":"claude-x","max_tokens":256,"system":[{"type":"text","text":"Be brief."},{"type":"text","text":"Be kind."}],
        "messages":[
        {"role":"user","content":[{"type":"text","text":"What is in"},{"type":"image","source":{"type":"base64","media_type":"image/png","data":"AAAA"}}]},
        {"role":"assistant","content":[{"type":"text","text":"Let me look."},{"type":"tool_use","id":"tu_1","name":"lookup","input":{"q":"x","n":2}}]},
        {"role":"user","content":[{"type":"tool_result","tool_use_id":"tu_1","content":[{"type":"text","text":"found"}]},{"type":"text","text":"Thanks"}]},
        {"role":"user","content":"plain"}],
        "tools":[{"name":"lookup","description":"Look up","input_schema":{"type":"object","properties":{"q":{"type":"string"}}}}],
        "tool_choice":{"type":"any","disable_parallel_tool_use":true},"stream":true,"temperature":0.5,"top_p":0.9,"top_k":40,
        "stop_sequences":["END"],"metadata":{"user_id":"u-1"}}
        """#

    @Test func anthropicRequestView() throws {
        let request = try AnthropicRequest(parsing: json(Self.anthropicRequest))
        #expect(request.model == "claude-x")
        #expect(request.maxTokens == 256)
        #expect(request.system == "Be brief.\n\nBe kind.")
        #expect(request.messages.count == 4)
        #expect(request.stream)
        #expect(request.topK == 40)
        #expect(request.stopSequences == ["END"])
        #expect(request.userID == "u-1")
        #expect(request.toolChoice?["type"] == "any")
    }

    @Test func anthropicRequestTextsAndReplacement() throws {
        var request = try AnthropicRequest(parsing: json(#"""
            {"model":"m","max_tokens":5,"messages":[{"role":"user","content":"one"},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"t","content":"two"},{"type":"image","source":{"type":"url","url":"u"}},{"type":"text","text":"three"}]}]}
            """#))
        let texts = request.texts()
        #expect(texts.map(\.text) == ["one", "two", "three"])
        #expect(texts[2] == MessageText(messageIndex: 1, partIndex: 2, role: "user", text: "three"))
        for location in texts { request.replaceText(location, with: "[\(location.text)]") }
        #expect(request.texts().map(\.text) == ["[one]", "[two]", "[three]"])
    }

    @Test func anthropicToOpenAIRequest() throws {
        let chat = try AnthropicTranslation.chatRequest(from: AnthropicRequest(parsing: json(Self.anthropicRequest)))
        let expected = try json(#"""
            {"model":"claude-x","messages":[
            {"role":"system","content":"Be brief.\n\nBe kind."},
            {"role":"user","content":[{"type":"text","text":"What is in"},{"type":"image_url","image_url":{"url":"data:image/png;base64,AAAA"}}]},
            {"role":"assistant","content":"Let me look.","tool_calls":[{"id":"tu_1","type":"function","function":{"name":"lookup","arguments":"{\"q\":\"x\",\"n\":2}"}}]},
            {"role":"tool","tool_call_id":"tu_1","content":"found"},
            {"role":"user","content":"Thanks"},
            {"role":"user","content":"plain"}],
            "max_tokens":256,"stream":true,"stream_options":{"include_usage":true},"temperature":0.5,"top_p":0.9,"stop":["END"],
            "tools":[{"type":"function","function":{"name":"lookup","description":"Look up","parameters":{"type":"object","properties":{"q":{"type":"string"}}}}}],
            "tool_choice":"required","parallel_tool_calls":false,"user":"u-1"}
            """#)
        #expect(JSON.object(chat.json) == expected, "\(text(.object(chat.json)))")
    }

    @Test(arguments: [
        (#"{"messages":[{"role":"user","content":"x"}],"max_tokens":1}"#, "model"),
        (#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":0,"messages":[{"role":"user","content":"x"}]}"#, "max_tokens"),
        (#"{"model":"m","max_tokens":1,"messages":[]}"#, "messages"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"system","content":"x"}]}"#, "messages[0].role"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":7}]}"#, "messages[0].content"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"text"}]}]}"#, "messages[0].content[0].text"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"image","source":{"type":"base64","data":"x"}}]}]}"#, "messages[0].content[0].source.media_type"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"assistant","content":[{"type":"tool_use","id":"a","name":"f","input":"{}"}]}]}"#, "messages[0].content[0].input"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"tool_result"}]}]}"#, "messages[0].content[0].tool_use_id"),
        (#"{"model":"m","max_tokens":1,"system":[{"type":"image"}],"messages":[{"role":"user","content":"x"}]}"#, "system[0].type"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"input_schema":{}}]}"#, "tools[0].name"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"tool"}}"#, "tool_choice.name"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tool_choice":{"type":"maybe"}}"#, "tool_choice.type"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"stop_sequences":"END"}"#, "stop_sequences"),
        (#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"metadata":{"user_id":5}}"#, "metadata.user_id"),
    ])
    func malformedAnthropicRequestNamesParam(_ body: String, _ param: String) {
        #expect(wireErrorParam { _ = try AnthropicRequest(parsing: json(body)) } == .some(param))
    }

    @Test func untranslatableAnthropicRequestNamesParam() throws {
        let document = try AnthropicRequest(parsing: json(#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":[{"type":"document","source":{}}]}]}"#))
        #expect(wireErrorParam { _ = try AnthropicTranslation.chatRequest(from: document) } == .some("messages[0].content[0].type"))
        let serverTool = try AnthropicRequest(parsing: json(#"{"model":"m","max_tokens":1,"messages":[{"role":"user","content":"x"}],"tools":[{"type":"web_search_20250305","name":"web_search"}]}"#))
        #expect(wireErrorParam { _ = try AnthropicTranslation.chatRequest(from: serverTool) } == .some("tools[0].type"))
    }

    @Test func completionToAnthropicMessage() throws {
        let completion = try ChatCompletion(parsing: json(#"""
            {"id":"abc","choices":[{"index":0,"message":{"role":"assistant","content":"Sure.","tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}}]},"finish_reason":"tool_calls"}],
            "usage":{"prompt_tokens":10,"completion_tokens":5,"prompt_tokens_details":{"cached_tokens":4}}}
            """#))
        let message = try AnthropicTranslation.messageResponse(from: completion, model: "claude-x")
        #expect(message == (try json(#"""
            {"id":"msg_abc","type":"message","role":"assistant","model":"claude-x","content":[{"type":"text","text":"Sure."},
            {"type":"tool_use","id":"c1","name":"f","input":{"a":1}}],"stop_reason":"tool_use","stop_sequence":null,
            "usage":{"input_tokens":6,"output_tokens":5,"cache_read_input_tokens":4}}
            """#)))
    }

    @Test(arguments: [("stop", "end_turn"), ("length", "max_tokens"), ("tool_calls", "tool_use"), ("content_filter", "refusal")])
    func stopReasons(_ finish: String, _ stop: String) {
        #expect(AnthropicTranslation.stopReason(fromFinishReason: finish) == .string(stop))
    }

    @Test func nonObjectToolArgumentsAreMalformed() throws {
        for arguments in [#"[1]"#, #"{"a":"#, "42"] {
            let body = JSON.object(["choices": .array([.object(["message": .object([
                "content": .null, "tool_calls": .array([ToolCall(id: "c", name: "f", arguments: arguments).openAIJSON]),
            ])])])])
            let completion = try ChatCompletion(parsing: body)
            #expect(wireErrorParam { _ = try AnthropicTranslation.messageResponse(from: completion, model: "m") }
                == .some("choices[0].message.tool_calls[0].function.arguments"))
        }
    }

    static let openAIRequest = #"""
        {"model":"gpt","messages":[
        {"role":"system","content":"Rule one."},{"role":"developer","content":[{"type":"text","text":"Rule two."}]},
        {"role":"user","content":"Hi"},{"role":"user","content":[{"type":"text","text":"Look"},{"type":"image_url","image_url":{"url":"data:image/jpeg;base64,/9j/"}},{"type":"image_url","image_url":{"url":"https://x/i.png"}}]},
        {"role":"assistant","content":null,"tool_calls":[{"id":"c1","type":"function","function":{"name":"f","arguments":"{\"a\":1}"}},{"id":"c2","type":"function","function":{"name":"g","arguments":""}}]},
        {"role":"tool","tool_call_id":"c1","content":"one"},{"role":"tool","tool_call_id":"c2","content":"two"},
        {"role":"assistant","content":"Done"}],
        "max_tokens":50,"stream":true,"temperature":0.3,"stop":"X","user":"u",
        "tools":[{"type":"function","function":{"name":"f","description":"F","parameters":{"type":"object"}}},{"type":"function","function":{"name":"g"}}],
        "tool_choice":{"type":"function","function":{"name":"f"}},"parallel_tool_calls":false,"seed":3}
        """#

    @Test func openAIToAnthropicRequest() throws {
        let request = try ChatRequest(parsing: json(Self.openAIRequest))
        let body = try AnthropicTranslation.messagesRequest(from: request, model: "claude-x", defaultMaxTokens: 4096)
        let expected = try json(#"""
            {"model":"claude-x","max_tokens":50,"system":"Rule one.\n\nRule two.","messages":[
            {"role":"user","content":[{"type":"text","text":"Hi"},{"type":"text","text":"Look"},
              {"type":"image","source":{"type":"base64","media_type":"image/jpeg","data":"/9j/"}},{"type":"image","source":{"type":"url","url":"https://x/i.png"}}]},
            {"role":"assistant","content":[{"type":"tool_use","id":"c1","name":"f","input":{"a":1}},{"type":"tool_use","id":"c2","name":"g","input":{}}]},
            {"role":"user","content":[{"type":"tool_result","tool_use_id":"c1","content":"one"},{"type":"tool_result","tool_use_id":"c2","content":"two"}]},
            {"role":"assistant","content":[{"type":"text","text":"Done"}]}],
            "temperature":0.3,"stop_sequences":["X"],"stream":true,"metadata":{"user_id":"u"},
            "tools":[{"name":"f","description":"F","input_schema":{"type":"object"}},{"name":"g","input_schema":{"type":"object","properties":{}}}],
            "tool_choice":{"type":"tool","name":"f","disable_parallel_tool_use":true}}
            """#)
        #expect(body == expected, "\(text(body))")
        let noLimit = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"user","content":"x"}]}"#))
        #expect(try AnthropicTranslation.messagesRequest(from: noLimit, model: "c", defaultMaxTokens: 4096)["max_tokens"] == .number(4096))
    }

    @Test(arguments: [
        (#","response_format":{"type":"json_schema","json_schema":{}}"#, "response_format"),
        (#","n":2"#, "n"),
        (#","logprobs":true"#, "logprobs"),
        (#","tools":[{"type":"custom","custom":{}}]"#, "tools[0].type"),
    ])
    func untranslatableOpenAIRequestNamesParam(_ extra: String, _ param: String) throws {
        let request = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"user","content":"x"}]"# + extra + "}"))
        #expect(wireErrorParam { _ = try AnthropicTranslation.messagesRequest(from: request, model: "c", defaultMaxTokens: 1) } == .some(param))
    }

    @Test func untranslatableOpenAIMessagesNameParam() throws {
        let audio = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"user","content":[{"type":"input_audio","input_audio":{}}]}]}"#))
        #expect(wireErrorParam { _ = try AnthropicTranslation.messagesRequest(from: audio, model: "c", defaultMaxTokens: 1) } == .some("messages[0].content[0].type"))
        let badArgs = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"assistant","tool_calls":[{"id":"c","function":{"name":"f","arguments":"nope"}}]}]}"#))
        #expect(wireErrorParam { _ = try AnthropicTranslation.messagesRequest(from: badArgs, model: "c", defaultMaxTokens: 1) } == .some("messages[0].tool_calls[0].function.arguments"))
        let textURL = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"user","content":[{"type":"image_url","image_url":{"url":"data:text/plain,hi"}}]}]}"#))
        #expect(wireErrorParam { _ = try AnthropicTranslation.messagesRequest(from: textURL, model: "c", defaultMaxTokens: 1) } == .some("messages[0].content[0].image_url.url"))
    }

    @Test func anthropicMessageToCompletion() throws {
        let message = try json(#"""
            {"id":"msg_1","type":"message","role":"assistant","model":"claude","content":[{"type":"thinking","thinking":"hm","signature":"s"},{"type":"text","text":"Calling."},{"type":"tool_use","id":"tu","name":"f","input":{"b":[1,2]}}],
            "stop_reason":"tool_use","stop_sequence":null,"usage":{"input_tokens":7,"cache_read_input_tokens":3,"output_tokens":9}}
            """#)
        let completion = try AnthropicTranslation.chatCompletion(fromMessage: message, model: "alias", created: 1700000000)
        #expect(completion.model == "alias")
        #expect(completion.id == "chatcmpl-msg_1")
        #expect(completion.choices.first?.content == "Calling.")
        #expect(completion.choices.first?.toolCalls == [ToolCall(id: "tu", name: "f", arguments: #"{"b":[1,2]}"#)])
        #expect(completion.choices.first?.finishReason == "tool_calls")
        #expect(completion.usage == Usage(input: 10, output: 9, cached: 3))
        #expect(completion.json["created"] == .number(1700000000))
    }

    @Test(arguments: [
        (#"[]"#, nil),
        (#"{"type":"message"}"#, "content"),
        (#"{"content":[{"text":"x"}]}"#, "content[0].type"),
        (#"{"content":[{"type":"text"}]}"#, "content[0].text"),
        (#"{"content":[{"type":"tool_use","id":"a","name":"f","input":[]}]}"#, "content[0].input"),
        (#"{"content":[],"stop_reason":5}"#, "stop_reason"),
        (#"{"content":[],"usage":{"output_tokens":"many"}}"#, "usage.output_tokens"),
    ] as [(String, String?)])
    func malformedAnthropicMessageNamesParam(_ body: String, _ param: String?) {
        #expect(wireErrorParam { _ = try AnthropicTranslation.chatCompletion(fromMessage: json(body), model: "m") } == .some(param))
    }
}
