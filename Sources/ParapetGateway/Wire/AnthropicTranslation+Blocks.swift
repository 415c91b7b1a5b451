import ParapetCore

extension AnthropicTranslation {
    /// One OpenAI message as an Anthropic role and content blocks.
    static func anthropicTurn(_ message: JSONObject, role: String, at path: String) throws(WireError) -> (String, [JSON]) {
        switch role {
        case "user": return ("user", try contentBlocks(message["content"], at: JSONObject.path(path, "content")))
        case "assistant":
            var blocks = try contentBlocks(message["content"], at: JSONObject.path(path, "content"))
            for (offset, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                let callPath = JSONObject.path(JSONObject.path(path, "tool_calls"), offset)
                blocks.append(try toolUseBlock(call, at: callPath))
            }
            return ("assistant", blocks)
        case "tool":
            let text = MessageText.collect(from: message["content"], messageIndex: 0, role: role).map(\.text).joined()
            return ("user", [.object([
                "type": "tool_result", "tool_use_id": message["tool_call_id"] ?? .string(""), "content": .string(text),
            ])])
        default:
            throw WireError("role \"\(role)\" has no Anthropic equivalent", param: JSONObject.path(path, "role"))
        }
    }

    static func toolUseBlock(_ call: JSON, at path: String) throws(WireError) -> JSON {
        let arguments = call["function"]?["arguments"]?.stringValue ?? ""
        let input = try toolInput(arguments, at: JSONObject.path(path, "function.arguments"))
        return .object([
            "type": "tool_use", "id": call["id"] ?? .string(""),
            "name": call["function"]?["name"] ?? .string(""), "input": .object(input),
        ])
    }

    /// Content as blocks; empty text is left out (Anthropic refuses empty text blocks).
    static func contentBlocks(_ content: JSON?, at path: String) throws(WireError) -> [JSON] {
        switch content {
        case .string(let text)?: return text.isEmpty ? [] : [.object(["type": "text", "text": .string(text)])]
        case .array(let parts)?:
            var blocks: [JSON] = []
            for (offset, part) in parts.enumerated() {
                if let block = try contentBlock(part, at: JSONObject.path(path, offset)) { blocks.append(block) }
            }
            return blocks
        default: return []
        }
    }

    static func contentBlock(_ part: JSON, at path: String) throws(WireError) -> JSON? {
        switch part["type"]?.stringValue {
        case "text", "refusal":
            let text = part["text"]?.stringValue ?? part["refusal"]?.stringValue ?? ""
            return text.isEmpty ? nil : .object(["type": "text", "text": .string(text)])
        case "image_url": return try imageBlock(url: part["image_url"]?["url"]?.stringValue ?? "", at: path)
        case let other:
            throw WireError("content part \"\(other ?? "")\" has no Anthropic equivalent", param: JSONObject.path(path, "type"))
        }
    }

    /// An image block from a URL: data URLs (`data:image/png;base64,…`) become base64 sources.
    static func imageBlock(url: String, at path: String) throws(WireError) -> JSON {
        guard url.hasPrefix("data:") else {
            return .object(["type": "image", "source": .object(["type": "url", "url": .string(url)])])
        }
        let body = url.utf8.dropFirst(5)
        guard let comma = body.firstIndex(of: UInt8(ascii: ",")) else {
            throw WireError("malformed data URL", param: JSONObject.path(path, "image_url.url"))
        }
        let header = Substring(body[..<comma])
        guard header.hasSuffix(";base64") else {
            throw WireError("only base64 data URLs are supported", param: JSONObject.path(path, "image_url.url"))
        }
        let mediaType = String(header.dropLast(7))
        let data = String(Substring(body[body.index(after: comma)...]))
        return .object(["type": "image", "source": .object([
            "type": "base64", "media_type": .string(mediaType), "data": .string(data),
        ])])
    }
}
