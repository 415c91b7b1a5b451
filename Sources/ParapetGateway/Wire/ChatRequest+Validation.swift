import ParapetCore

extension ChatRequest {
    /// The roles the gateway knows how to guard; anything else is refused rather than passed on
    /// unguarded.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool", "function"]

    static func validate(_ body: JSONObject) throws(WireError) {
        _ = try body.string("model", at: "", required: true)
        guard let messages = try body.objects("messages", at: "", required: true), !messages.isEmpty else {
            throw WireError("must be a non-empty array", param: "messages")
        }
        for (offset, message) in messages.enumerated() {
            try validateMessage(message, at: JSONObject.path("messages", offset))
        }
        _ = try body.bool("stream", at: "")
        if let options = try body.object("stream_options", at: "") {
            _ = try options.bool("include_usage", at: "stream_options")
        }
        _ = try body.int("max_tokens", at: "", minimum: 0)
        _ = try body.int("max_completion_tokens", at: "", minimum: 0)
        _ = try body.number("temperature", at: "")
        _ = try body.number("top_p", at: "")
        _ = try body.int("seed", at: "")
        _ = try body.bool("logprobs", at: "")
        _ = try body.string("user", at: "")
        try validateOptions(body)
    }

    static func validateOptions(_ body: JSONObject) throws(WireError) {
        for (offset, tool) in (try body.objects("tools", at: "") ?? []).enumerated() {
            let path = JSONObject.path("tools", offset)
            if try tool.string("type", at: path, required: true) == "function" {
                let function = try tool.object("function", at: path, required: true)
                _ = try function?.string("name", at: JSONObject.path(path, "function"), required: true)
            }
        }
        switch body["tool_choice"] {
        case nil, .null?, .string?: break
        case .object(let choice)?: _ = try choice.string("type", at: "tool_choice", required: true)
        case _?: throw WireError("must be a string or an object", param: "tool_choice")
        }
        if let format = try body.object("response_format", at: "") {
            _ = try format.string("type", at: "response_format", required: true)
        }
        switch body["stop"] {
        case nil, .null?, .string?: break
        case .array(let elements)? where elements.allSatisfy({ $0.stringValue != nil }): break
        case _?: throw WireError("must be a string or an array of strings", param: "stop")
        }
    }

    static func validateMessage(_ message: JSONObject, at path: String) throws(WireError) {
        let role = try message.string("role", at: path, required: true) ?? ""
        guard roles.contains(role) else { throw WireError("unknown role \"\(role)\"", param: JSONObject.path(path, "role")) }
        let contentPath = JSONObject.path(path, "content")
        switch message["content"] {
        case .string?: break
        case .array(let parts)?: try validateParts(parts, at: contentPath)
        case nil, .null?:
            guard role == "assistant" else { throw WireError("is required", param: contentPath) }
        case _?: throw WireError("must be a string, an array of parts or null", param: contentPath)
        }
        _ = try message.string("name", at: path)
        _ = try message.string("tool_call_id", at: path, required: role == "tool")
        for (offset, call) in (try message.objects("tool_calls", at: path) ?? []).enumerated() {
            try validateToolCall(call, at: JSONObject.path(JSONObject.path(path, "tool_calls"), offset))
        }
    }

    static func validateParts(_ parts: [JSON], at path: String) throws(WireError) {
        for (offset, part) in try JSONObject.objects(parts, at: path).enumerated() {
            let partPath = JSONObject.path(path, offset)
            switch try part.string("type", at: partPath, required: true) {
            case "text": _ = try part.string("text", at: partPath, required: true)
            case "image_url":
                let image = try part.object("image_url", at: partPath, required: true)
                _ = try image?.string("url", at: JSONObject.path(partPath, "image_url"), required: true)
            default: break
            }
        }
    }

    static func validateToolCall(_ call: JSONObject, at path: String) throws(WireError) {
        _ = try call.string("id", at: path, required: true)
        let function = try call.object("function", at: path, required: true)
        let functionPath = JSONObject.path(path, "function")
        _ = try function?.string("name", at: functionPath, required: true)
        _ = try function?.string("arguments", at: functionPath, required: true)
    }
}
