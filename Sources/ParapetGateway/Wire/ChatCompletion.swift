import ParapetCore

/// An OpenAI chat-completions response body (non-streamed), validated on construction; unknown
/// fields stay in `json`.
public struct ChatCompletion: Sendable, Equatable {
    /// One generated alternative.
    public struct Choice: Sendable, Equatable {
        /// The choice's `index` field (its array position when absent).
        public var index: Int
        /// The message text; nil when the model only called tools (or refused).
        public var content: String?
        /// The function calls the model asked for.
        public var toolCalls: [ToolCall]
        /// `stop`, `length`, `tool_calls`, `content_filter`…; nil when absent.
        public var finishReason: String?
    }

    /// The whole body.
    public var json: JSONObject

    /// Validates `choices` (objects with a `message` whose `content` is a string or null and
    /// whose `tool_calls` are well formed) and `usage`.
    public init(parsing body: JSON) throws(WireError) {
        let object = try body.requireObject()
        _ = try object.string("model", at: "")
        _ = try Self.readChoices(object)
        if let usage = try object.object("usage", at: "") { _ = try Usage(openAI: usage) }
        json = object
    }

    /// The model that answered, as the upstream reported it.
    public var model: String? { json["model"]?.stringValue }
    /// The response id.
    public var id: String? { json["id"]?.stringValue }

    /// The choices, in array order.
    public var choices: [Choice] {
        (try? Self.readChoices(json)) ?? []
    }

    /// Token counts, when the upstream reported them.
    public var usage: Usage? {
        json["usage"]?.objectValue.flatMap { try? Usage(openAI: $0) }
    }

    /// Replaces the message text of the choice at array position `choice` (a redaction).
    public mutating func setContent(choice: Int, _ text: String) {
        json.modify("choices") { choices in
            choices.modifyElement(choice) { $0.modifyMember("message") { $0.setMember("content", .string(text)) } }
        }
    }

    /// The message texts, one per choice with text; `messageIndex` is the choice's position.
    public func texts() -> [MessageText] {
        let elements = json["choices"]?.arrayValue ?? []
        return elements.enumerated().flatMap { offset, choice in
            MessageText.collect(from: choice["message"]?["content"], messageIndex: offset, role: "assistant")
        }
    }

    /// Writes `text` where `location` was found.
    public mutating func replaceText(_ location: MessageText, with text: String) {
        json.modify("choices") { choices in
            choices.modifyElement(location.messageIndex) { choice in
                choice.modifyMember("message") { message in
                    message.modifyMember("content") { $0.replaceText(partIndex: location.partIndex, with: text) }
                }
            }
        }
    }

    static func readChoices(_ body: JSONObject) throws(WireError) -> [Choice] {
        var choices: [Choice] = []
        for (offset, choice) in (try body.objects("choices", at: "", required: true) ?? []).enumerated() {
            let path = JSONObject.path("choices", offset)
            let message = try choice.object("message", at: path, required: true) ?? [:]
            let messagePath = JSONObject.path(path, "message")
            var calls: [ToolCall] = []
            for (index, call) in (try message.objects("tool_calls", at: messagePath) ?? []).enumerated() {
                calls.append(try ToolCall(openAI: call, at: JSONObject.path(JSONObject.path(messagePath, "tool_calls"), index)))
            }
            choices.append(Choice(
                index: try choice.int("index", at: path, minimum: 0) ?? offset,
                content: try message.string("content", at: messagePath),
                toolCalls: calls,
                finishReason: try choice.string("finish_reason", at: path)
            ))
        }
        return choices
    }
}

extension JSON {
    /// Sets member `key` when this is an object.
    mutating func setMember(_ key: String, _ value: JSON?) {
        guard case .object(var object) = self else { return }
        self = .null
        object[key] = value
        self = .object(object)
    }
}
