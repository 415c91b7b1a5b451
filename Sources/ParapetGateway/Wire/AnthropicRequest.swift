/// An Anthropic Messages request body, validated on construction. Like `ChatRequest` it is a view
/// over the parsed object: unknown fields stay in `json`.
public struct AnthropicRequest: Sendable, Equatable {
    /// The whole body.
    public var json: JSONObject

    /// Validates the body (see `AnthropicRequest+Validation.swift` for the rules).
    public init(parsing body: JSON) throws(WireError) {
        let object = try body.requireObject()
        try Self.validate(object)
        json = object
    }

    public var model: String { json["model"]?.stringValue ?? "" }
    /// The required output bound.
    public var maxTokens: Int { json["max_tokens"]?.intValue ?? 0 }
    /// The system prompt: the string, or the text blocks joined with blank lines.
    public var system: String? {
        switch json["system"] {
        case .string(let text)?: return text
        case .array(let blocks)?: return blocks.compactMap { $0["text"]?.stringValue }.joined(separator: "\n\n")
        default: return nil
        }
    }
    /// The conversation, objects with `role` user or assistant and string or block `content`.
    public var messages: [JSON] { json["messages"]?.arrayValue ?? [] }
    /// Tool definitions (`{name, description, input_schema}`).
    public var tools: [JSON] { json["tools"]?.arrayValue ?? [] }
    /// `{type: "auto" | "any" | "tool" | "none", name?}`.
    public var toolChoice: JSONObject? { json["tool_choice"]?.objectValue }
    public var stream: Bool { json["stream"]?.boolValue ?? false }
    public var temperature: Double? { json["temperature"]?.doubleValue }
    public var topP: Double? { json["top_p"]?.doubleValue }
    public var topK: Int? { json["top_k"]?.intValue }
    public var stopSequences: [String] { json["stop_sequences"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// `metadata.user_id`.
    public var userID: String? { json["metadata"]?["user_id"]?.stringValue }
}
