import ParapetCore

/// One `chat.completion.chunk` of an OpenAI stream, validated on construction; unknown fields
/// stay in `json`.
public struct ChatChunk: Sendable, Equatable {
    /// The increment of one choice.
    public struct Choice: Sendable, Equatable {
        /// The choice's `index` field (its array position when absent).
        public var index: Int
        /// The next piece of text, when this chunk carries one.
        public var content: String?
        /// Tool-call fragments carried by this chunk.
        public var toolCalls: [ToolCallDelta]
        /// Set on the choice's last chunk.
        public var finishReason: String?
    }

    /// The whole chunk.
    public var json: JSONObject

    /// Validates `choices[].delta` (string `content`, well-formed `tool_calls` fragments),
    /// `finish_reason` and `usage`.
    public init(parsing body: JSON) throws(WireError) {
        let object = try body.requireObject()
        _ = try Self.readChoices(object)
        if let usage = try object.object("usage", at: "") { _ = try Usage(openAI: usage) }
        json = object
    }

    /// The completion id shared by all chunks of a stream.
    public var id: String? { json["id"]?.stringValue }
    /// The model that answered, as the upstream reported it.
    public var model: String? { json["model"]?.stringValue }

    /// The choice increments, in array order (empty in the final usage chunk).
    public var choices: [Choice] { (try? Self.readChoices(json)) ?? [] }

    /// Token counts; only the last chunk of a stream with `include_usage` has them.
    public var usage: Usage? { json["usage"]?.objectValue.flatMap { try? Usage(openAI: $0) } }

    /// Replaces the text increment of the choice at array position `choice`.
    public mutating func setDeltaContent(choice: Int, _ text: String) {
        json.modify("choices") { choices in
            choices.modifyElement(choice) { $0.modifyMember("delta") { $0.setMember("content", .string(text)) } }
        }
    }

    static func readChoices(_ body: JSONObject) throws(WireError) -> [Choice] {
        var choices: [Choice] = []
        for (offset, choice) in (try body.objects("choices", at: "") ?? []).enumerated() {
            let path = JSONObject.path("choices", offset)
            let delta = try choice.object("delta", at: path) ?? [:]
            let deltaPath = JSONObject.path(path, "delta")
            var calls: [ToolCallDelta] = []
            for (index, call) in (try delta.objects("tool_calls", at: deltaPath) ?? []).enumerated() {
                let callPath = JSONObject.path(JSONObject.path(deltaPath, "tool_calls"), index)
                calls.append(try ToolCallDelta(openAI: call, at: callPath, position: index))
            }
            choices.append(Choice(
                index: try choice.int("index", at: path, minimum: 0) ?? offset,
                content: try delta.string("content", at: deltaPath),
                toolCalls: calls,
                finishReason: try choice.string("finish_reason", at: path)
            ))
        }
        return choices
    }
}
