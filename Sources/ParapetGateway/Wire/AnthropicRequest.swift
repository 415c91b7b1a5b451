import ParapetCore

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

    /// The requested model.
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
    /// Whether the caller asked for an event stream.
    public var stream: Bool { json["stream"]?.boolValue ?? false }
    /// Sampling temperature (0–1 for Anthropic).
    public var temperature: Double? { json["temperature"]?.doubleValue }
    /// Nucleus sampling mass.
    public var topP: Double? { json["top_p"]?.doubleValue }
    /// Top-k sampling; OpenAI has no equivalent, so translation drops it.
    public var topK: Int? { json["top_k"]?.intValue }
    /// Custom stop sequences.
    public var stopSequences: [String] { json["stop_sequences"]?.arrayValue?.compactMap(\.stringValue) ?? [] }
    /// `metadata.user_id`.
    public var userID: String? { json["metadata"]?["user_id"]?.stringValue }
}
