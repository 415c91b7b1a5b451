import ParapetCore

extension AnthropicTranslation {
    /// The Anthropic message for an OpenAI completion (its first choice). Fails when a tool
    /// call's arguments are not a JSON object: the upstream's answer is malformed.
    public static func messageResponse(from completion: ChatCompletion, model: String) throws(WireError) -> JSON {
        let choices = completion.choices
        guard let choice = choices.first else { throw WireError("the completion has no choices", param: "choices") }
        var content: [JSON] = []
        if let text = choice.content, !text.isEmpty { content.append(.object(["type": "text", "text": .string(text)])) }
        for (offset, call) in choice.toolCalls.enumerated() {
            let path = "choices[0].message.tool_calls[\(offset)].function.arguments"
            content.append(.object([
                "type": "tool_use", "id": .string(call.id), "name": .string(call.name),
                "input": .object(try toolInput(call.arguments, at: path)),
            ]))
        }
        let usage = completion.usage ?? Usage()
        return .object([
            "id": .string("msg_" + (completion.id ?? "")), "type": "message", "role": "assistant",
            "model": .string(model), "content": .array(content),
            "stop_reason": stopReason(fromFinishReason: choice.finishReason), "stop_sequence": .null,
            "usage": usage.anthropicJSON,
        ])
    }

    /// Tool arguments text as the object Anthropic's `input` must be; empty text is `{}`.
    static func toolInput(_ arguments: String, at path: String) throws(WireError) -> JSONObject {
        if arguments.utf8.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { return [:] }
        guard let input = (try? JSON.parse(Array(arguments.utf8)))?.objectValue else {
            throw WireError("tool arguments are not a JSON object", param: path)
        }
        return input
    }

    /// The OpenAI completion for an Anthropic message. `created` is the Unix time to report
    /// (the caller's clock; this layer reads none).
    public static func chatCompletion(fromMessage message: JSON, model: String, created: Int = 0) throws(WireError) -> ChatCompletion {
        let object = try message.requireObject()
        guard let blocks = try object.objects("content", at: "", required: true) else {
            throw WireError("is required", param: "content")
        }
        var texts: [String] = []
        var calls: [JSON] = []
        for (offset, block) in blocks.enumerated() {
            let path = JSONObject.path("content", offset)
            switch try block.string("type", at: path, required: true) {
            case "text": texts.append(try block.string("text", at: path, required: true) ?? "")
            case "tool_use": calls.append(try toolCall(fromResponseBlock: block, at: path))
            default: break
            }
        }
        let usage = try object.object("usage", at: "").map { (usage: JSONObject) throws(WireError) -> Usage in try Usage(anthropic: usage) }
        var messageJSON: JSONObject = ["role": "assistant"]
        messageJSON["content"] = texts.isEmpty && !calls.isEmpty ? .null : .string(texts.joined())
        if !calls.isEmpty { messageJSON["tool_calls"] = .array(calls) }
        let choice: JSONObject = [
            "index": .number(0), "message": .object(messageJSON), "logprobs": .null,
            "finish_reason": finishReason(fromStopReason: try object.string("stop_reason", at: "")),
        ]
        return try ChatCompletion(parsing: .object([
            "id": .string("chatcmpl-" + (try object.string("id", at: "") ?? "")), "object": "chat.completion",
            "created": .number(created), "model": .string(model), "choices": .array([.object(choice)]),
            "usage": (usage ?? Usage()).openAIJSON,
        ]))
    }

    static func toolCall(fromResponseBlock block: JSONObject, at path: String) throws(WireError) -> JSON {
        let id = try block.string("id", at: path, required: true) ?? ""
        let name = try block.string("name", at: path, required: true) ?? ""
        let input = try block.object("input", at: path) ?? [:]
        return ToolCall(id: id, name: name, arguments: JSON.object(input).description).openAIJSON
    }
}
