import ParapetCore

extension ChatChunk {
    /// A chunk built by the gateway itself (valid by construction).
    init(unchecked json: JSONObject) {
        self.json = json
    }

    /// A content-only chunk for choice `index`, with the id, model and created time of `like`
    /// (for text a stream guard held back and releases on its own).
    public static func content(_ text: String, choice index: Int, like: ChatChunk?, model: String? = nil) -> ChatChunk {
        let delta: JSONObject = ["content": .string(text)]
        let choice: JSONObject = ["index": .number(index), "delta": .object(delta), "finish_reason": .null]
        var json: JSONObject = [
            "id": like?.json["id"] ?? .string("chatcmpl-parapet"),
            "object": .string("chat.completion.chunk"),
            "created": like?.json["created"] ?? .number(0),
            "model": like?.json["model"] ?? .string(model ?? ""),
        ]
        json["choices"] = .array([.object(choice)])
        return ChatChunk(unchecked: json)
    }
}

extension ChatRequest {
    /// Sets `stream_options.include_usage` (the gateway always asks upstream for usage, to audit
    /// token counts, and drops the usage chunk when the client did not ask for it).
    public mutating func setIncludeUsage(_ include: Bool) {
        var options = json["stream_options"]?.objectValue ?? [:]
        options["include_usage"] = .bool(include)
        json["stream_options"] = .object(options)
    }
}
