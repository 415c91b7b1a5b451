import ParapetCore

extension AnthropicRequest {
    static func validate(_ body: JSONObject) throws(WireError) {
        _ = try body.string("model", at: "", required: true)
        _ = try body.int("max_tokens", at: "", required: true, minimum: 1)
        try validateSystem(body["system"])
        guard let messages = try body.objects("messages", at: "", required: true), !messages.isEmpty else {
            throw WireError("must be a non-empty array", param: "messages")
        }
        for (offset, message) in messages.enumerated() {
            try validateMessage(message, at: JSONObject.path("messages", offset))
        }
        for (offset, tool) in (try body.objects("tools", at: "") ?? []).enumerated() {
            let path = JSONObject.path("tools", offset)
            _ = try tool.string("name", at: path, required: true)
            _ = try tool.string("description", at: path)
            if tool["type"] == nil { _ = try tool.object("input_schema", at: path, required: true) }
        }
        try validateToolChoice(try body.object("tool_choice", at: ""))
        _ = try body.bool("stream", at: "")
        _ = try body.number("temperature", at: "")
        _ = try body.number("top_p", at: "")
        _ = try body.int("top_k", at: "", minimum: 0)
        if let stops = try body.array("stop_sequences", at: ""), !stops.allSatisfy({ $0.stringValue != nil }) {
            throw WireError("must be an array of strings", param: "stop_sequences")
        }
        _ = try body.object("metadata", at: "")?.string("user_id", at: "metadata")
    }

    static func validateSystem(_ system: JSON?) throws(WireError) {
        switch system {
        case nil, .null?, .string?: return
        case .array(let blocks)?:
            for (offset, block) in try JSONObject.objects(blocks, at: "system").enumerated() {
                let path = JSONObject.path("system", offset)
                guard try block.string("type", at: path, required: true) == "text" else {
                    throw WireError("must be a text block", param: JSONObject.path(path, "type"))
                }
                _ = try block.string("text", at: path, required: true)
            }
        case _?: throw WireError("must be a string or an array of text blocks", param: "system")
        }
    }

    static func validateToolChoice(_ choice: JSONObject?) throws(WireError) {
        guard let choice else { return }
        switch try choice.string("type", at: "tool_choice", required: true) {
        case "auto", "any", "none": break
        case "tool": _ = try choice.string("name", at: "tool_choice", required: true)
        case let other: throw WireError("unknown type \"\(other ?? "")\"", param: "tool_choice.type")
        }
        _ = try choice.bool("disable_parallel_tool_use", at: "tool_choice")
    }

    static func validateMessage(_ message: JSONObject, at path: String) throws(WireError) {
        let role = try message.string("role", at: path, required: true)
        guard role == "user" || role == "assistant" else {
            throw WireError("must be \"user\" or \"assistant\"", param: JSONObject.path(path, "role"))
        }
        let contentPath = JSONObject.path(path, "content")
        switch message["content"] {
        case .string?: break
        case .array(let blocks)?:
            for (offset, block) in try JSONObject.objects(blocks, at: contentPath).enumerated() {
                try validateBlock(block, at: JSONObject.path(contentPath, offset))
            }
        case nil, .null?: throw WireError("is required", param: contentPath)
        case _?: throw WireError("must be a string or an array of content blocks", param: contentPath)
        }
    }

    static func validateBlock(_ block: JSONObject, at path: String) throws(WireError) {
        switch try block.string("type", at: path, required: true) {
        case "text": _ = try block.string("text", at: path, required: true)
        case "image":
            let source = try block.object("source", at: path, required: true) ?? [:]
            try validateImageSource(source, at: JSONObject.path(path, "source"))
        case "tool_use":
            _ = try block.string("id", at: path, required: true)
            _ = try block.string("name", at: path, required: true)
            _ = try block.object("input", at: path, required: true)
        case "tool_result":
            _ = try block.string("tool_use_id", at: path, required: true)
            _ = try block.bool("is_error", at: path)
            switch block["content"] {
            case nil, .null?, .string?: break
            case .array(let blocks)?:
                let contentPath = JSONObject.path(path, "content")
                for (offset, inner) in try JSONObject.objects(blocks, at: contentPath).enumerated() {
                    try validateBlock(inner, at: JSONObject.path(contentPath, offset))
                }
            case _?: throw WireError("must be a string or an array of content blocks", param: JSONObject.path(path, "content"))
            }
        default: break
        }
    }

    static func validateImageSource(_ source: JSONObject, at path: String) throws(WireError) {
        switch try source.string("type", at: path, required: true) {
        case "base64":
            _ = try source.string("media_type", at: path, required: true)
            _ = try source.string("data", at: path, required: true)
        case "url": _ = try source.string("url", at: path, required: true)
        default: break
        }
    }
}
