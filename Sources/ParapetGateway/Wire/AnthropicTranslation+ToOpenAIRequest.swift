import ParapetCore

extension AnthropicTranslation {
    /// The OpenAI request for an Anthropic one: the system prompt becomes the first message,
    /// `tool_use` blocks become `tool_calls`, `tool_result` blocks become `tool` messages,
    /// images become `image_url` parts (base64 as data URLs).
    public static func chatRequest(from request: AnthropicRequest) throws(WireError) -> ChatRequest {
        var body: JSONObject = ["model": .string(request.model)]
        var messages: [JSON] = []
        if let system = request.system { messages.append(.object(["role": "system", "content": .string(system)])) }
        for (offset, message) in request.messages.enumerated() {
            messages += try chatMessages(from: message.objectValue ?? [:], at: JSONObject.path("messages", offset))
        }
        body["messages"] = .array(messages)
        body["max_tokens"] = .number(request.maxTokens)
        if request.stream {
            body["stream"] = .bool(true)
            body["stream_options"] = .object(["include_usage": .bool(true)])
        }
        body["temperature"] = request.json["temperature"].flatMap { $0.isNull ? nil : $0 }
        body["top_p"] = request.json["top_p"].flatMap { $0.isNull ? nil : $0 }
        if !request.stopSequences.isEmpty { body["stop"] = .array(request.stopSequences.map(JSON.string)) }
        if !request.tools.isEmpty { body["tools"] = .array(try request.tools.enumerated().map(functionTool)) }
        if let choice = request.toolChoice { applyToolChoice(choice, to: &body) }
        if let user = request.userID { body["user"] = .string(user) }
        return try ChatRequest(validating: body)
    }

    static func functionTool(offset: Int, tool: JSON) throws(WireError) -> JSON {
        if let type = tool["type"]?.stringValue, type != "custom" {
            throw WireError("server tool \"\(type)\" has no OpenAI equivalent", param: JSONObject.path(JSONObject.path("tools", offset), "type"))
        }
        var function: JSONObject = ["name": tool["name"] ?? .string("")]
        function["description"] = tool["description"]
        function["parameters"] = tool["input_schema"] ?? .object([:])
        return .object(["type": "function", "function": .object(function)])
    }

    static func applyToolChoice(_ choice: JSONObject, to body: inout JSONObject) {
        switch choice["type"]?.stringValue {
        case "any": body["tool_choice"] = "required"
        case "none": body["tool_choice"] = "none"
        case "tool":
            body["tool_choice"] = .object(["type": "function", "function": .object(["name": choice["name"] ?? .null])])
        default: body["tool_choice"] = "auto"
        }
        if choice["disable_parallel_tool_use"]?.boolValue == true { body["parallel_tool_calls"] = .bool(false) }
    }

    /// One Anthropic message as OpenAI messages: tool results first (each its own `tool`
    /// message, as OpenAI requires them right after the calls), then the remaining content.
    static func chatMessages(from message: JSONObject, at path: String) throws(WireError) -> [JSON] {
        let role = message["role"]?.stringValue ?? "user"
        guard case .array(let blocks)? = message["content"] else {
            return [.object(["role": .string(role), "content": message["content"] ?? .string("")])]
        }
        var toolMessages: [JSON] = []
        var parts: [JSON] = []
        var calls: [JSON] = []
        let contentPath = JSONObject.path(path, "content")
        for (offset, block) in blocks.enumerated() {
            let blockPath = JSONObject.path(contentPath, offset)
            switch block["type"]?.stringValue {
            case "text": parts.append(.object(["type": "text", "text": block["text"] ?? .string("")]))
            case "image": parts.append(try imagePart(block, at: blockPath))
            case "tool_use": calls.append(toolCall(fromToolUse: block))
            case "tool_result": toolMessages.append(try toolMessage(fromResult: block, at: blockPath))
            case "thinking", "redacted_thinking": break
            case let other: throw WireError("block type \"\(other ?? "")\" has no OpenAI equivalent", param: JSONObject.path(blockPath, "type"))
            }
        }
        return toolMessages + chatMessage(role: role, parts: parts, calls: calls, hadResults: !toolMessages.isEmpty)
    }

    static func chatMessage(role: String, parts: [JSON], calls: [JSON], hadResults: Bool) -> [JSON] {
        if parts.isEmpty, calls.isEmpty, hadResults { return [] }
        var message: JSONObject = ["role": .string(role)]
        if role == "assistant" {
            let text = parts.compactMap { $0["text"]?.stringValue }.joined()
            message["content"] = text.isEmpty && !calls.isEmpty ? .null : .string(text)
            if !calls.isEmpty { message["tool_calls"] = .array(calls) }
        } else if parts.count == 1, let text = parts[0]["text"] {
            message["content"] = text
        } else {
            message["content"] = .array(parts)
        }
        return [.object(message)]
    }

    static func toolCall(fromToolUse block: JSON) -> JSON {
        let input = block["input"] ?? .object([:])
        return .object([
            "id": block["id"] ?? .string(""), "type": "function",
            "function": .object(["name": block["name"] ?? .string(""), "arguments": .string(input.description)]),
        ])
    }

    static func toolMessage(fromResult block: JSON, at path: String) throws(WireError) -> JSON {
        var text: String
        switch block["content"] {
        case .string(let value)?: text = value
        case .array(let inner)?:
            var pieces: [String] = []
            for (offset, item) in inner.enumerated() {
                guard item["type"]?.stringValue == "text", let piece = item["text"]?.stringValue else {
                    throw WireError("only text is supported in tool results", param: JSONObject.path(JSONObject.path(path, "content"), offset))
                }
                pieces.append(piece)
            }
            text = pieces.joined(separator: "\n")
        default: text = ""
        }
        if block["is_error"]?.boolValue == true { text = "Error: " + text }
        return .object(["role": "tool", "tool_call_id": block["tool_use_id"] ?? .string(""), "content": .string(text)])
    }

    static func imagePart(_ block: JSON, at path: String) throws(WireError) -> JSON {
        let source = block["source"]
        let url: String
        switch source?["type"]?.stringValue {
        case "base64":
            url = "data:\(source?["media_type"]?.stringValue ?? "");base64,\(source?["data"]?.stringValue ?? "")"
        case "url": url = source?["url"]?.stringValue ?? ""
        case let other: throw WireError("image source \"\(other ?? "")\" has no OpenAI equivalent", param: JSONObject.path(path, "source.type"))
        }
        return .object(["type": "image_url", "image_url": .object(["url": .string(url)])])
    }
}
