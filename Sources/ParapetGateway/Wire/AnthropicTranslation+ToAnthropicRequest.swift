import ParapetCore

extension AnthropicTranslation {
    /// The Anthropic request for an OpenAI one: system and developer messages are gathered into
    /// `system`, `tool` messages become user `tool_result` blocks, `tool_calls` become `tool_use`
    /// blocks, and consecutive messages of one role are merged (Anthropic wants them
    /// alternating). Fails, naming the field, for what Anthropic cannot do: structured output,
    /// several choices, log probabilities, audio or file parts.
    public static func messagesRequest(from request: ChatRequest, model: String, defaultMaxTokens: Int) throws(WireError) -> JSON {
        try refuseUnsupported(request)
        var system: [String] = []
        var turns: [(role: String, blocks: [JSON])] = []
        for (offset, element) in request.messages.enumerated() {
            let message = element.objectValue ?? [:]
            let path = JSONObject.path("messages", offset)
            let role = message["role"]?.stringValue ?? ""
            if role == "system" || role == "developer" {
                system += MessageText.collect(from: message["content"], messageIndex: offset, role: role).map(\.text)
                continue
            }
            let (anthropicRole, blocks) = try anthropicTurn(message, role: role, at: path)
            if let last = turns.indices.last, turns[last].role == anthropicRole {
                turns[last].blocks += blocks
            } else {
                turns.append((anthropicRole, blocks))
            }
        }
        var body: JSONObject = ["model": .string(model), "max_tokens": .number(request.maxTokens ?? defaultMaxTokens)]
        if !system.isEmpty { body["system"] = .string(system.joined(separator: "\n\n")) }
        body["messages"] = .array(turns.map { .object(["role": .string($0.role), "content": .array($0.blocks)]) })
        try applyOptions(from: request, to: &body)
        return .object(body)
    }

    static func refuseUnsupported(_ request: ChatRequest) throws(WireError) {
        if let type = request.responseFormat?["type"]?.stringValue, type != "text" {
            throw WireError("response_format \"\(type)\" has no Anthropic equivalent", param: "response_format")
        }
        if let n = request.json["n"]?.intValue, n > 1 { throw WireError("several choices are not supported by Anthropic", param: "n") }
        if request.logprobs == true { throw WireError("log probabilities are not supported by Anthropic", param: "logprobs") }
    }

    static func applyOptions(from request: ChatRequest, to body: inout JSONObject) throws(WireError) {
        if let value = request.json["temperature"], !value.isNull { body["temperature"] = value }
        if let value = request.json["top_p"], !value.isNull { body["top_p"] = value }
        if !request.stop.isEmpty { body["stop_sequences"] = .array(request.stop.map(JSON.string)) }
        if request.stream { body["stream"] = .bool(true) }
        if let user = request.user { body["metadata"] = .object(["user_id": .string(user)]) }
        if !request.tools.isEmpty { body["tools"] = .array(try request.tools.enumerated().map(anthropicTool)) }
        var choice = anthropicToolChoice(request.toolChoice)
        if request.json["parallel_tool_calls"]?.boolValue == false {
            choice = choice ?? ["type": "auto"]
            choice?["disable_parallel_tool_use"] = .bool(true)
        }
        if let choice, !request.tools.isEmpty { body["tool_choice"] = .object(choice) }
    }

    static func anthropicTool(offset: Int, tool: JSON) throws(WireError) -> JSON {
        guard tool["type"]?.stringValue == "function", let function = tool["function"] else {
            throw WireError("only function tools have an Anthropic equivalent", param: "tools[\(offset)].type")
        }
        var result: JSONObject = ["name": function["name"] ?? .string("")]
        result["description"] = function["description"]
        result["input_schema"] = function["parameters"] ?? .object(["type": "object", "properties": .object([:])])
        return .object(result)
    }

    static func anthropicToolChoice(_ choice: JSON?) -> JSONObject? {
        switch choice {
        case .string("required")?: return ["type": "any"]
        case .string("none")?: return ["type": "none"]
        case .string?: return ["type": "auto"]
        case .object(let object)?:
            guard let name = object["function"]?["name"] else { return ["type": "auto"] }
            return ["type": "tool", "name": name]
        default: return nil
        }
    }
}
