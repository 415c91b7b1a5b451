import ParapetCore

/// An OpenAI chat-completions request body, validated on construction. It is a view over the
/// parsed object: fields it does not know stay in `json` and are re-serialised untouched.
public struct ChatRequest: Sendable, Equatable {
    /// The whole body, including fields this type does not model.
    public var json: JSONObject

    /// Validates the body (see `ChatRequest+Validation.swift` for the rules).
    public init(parsing body: JSON) throws(WireError) {
        try self.init(validating: body.requireObject())
    }

    /// Validates an object built in code (a translation's output, for instance).
    public init(validating object: JSONObject) throws(WireError) {
        try Self.validate(object)
        json = object
    }

    /// The requested model.
    public var model: String { json["model"]?.stringValue ?? "" }

    /// Points the request at another model (routing, aliases).
    public mutating func setModel(_ model: String) {
        json["model"] = .string(model)
    }

    /// The conversation, each element an object with a string `role`.
    public var messages: [JSON] { json["messages"]?.arrayValue ?? [] }
    /// Whether the caller asked for a server-sent event stream.
    public var stream: Bool { json["stream"]?.boolValue ?? false }
    /// Whether a streamed response should end with a usage chunk (`stream_options.include_usage`).
    public var includeUsage: Bool { json["stream_options"]?["include_usage"]?.boolValue ?? false }
    /// The output bound: `max_completion_tokens`, else the older `max_tokens`.
    public var maxTokens: Int? { json["max_completion_tokens"]?.intValue ?? json["max_tokens"]?.intValue }
    /// Sampling temperature.
    public var temperature: Double? { json["temperature"]?.doubleValue }
    /// Nucleus sampling mass.
    public var topP: Double? { json["top_p"]?.doubleValue }
    /// Sampling seed.
    public var seed: Int? { json["seed"]?.intValue }
    /// Tool definitions (`{type: "function", function: {name, description, parameters}}`).
    public var tools: [JSON] { json["tools"]?.arrayValue ?? [] }
    /// `"none"`, `"auto"`, `"required"` or `{type: "function", function: {name}}`.
    public var toolChoice: JSON? { json["tool_choice"].flatMap { $0.isNull ? nil : $0 } }
    /// The requested output format (`{type: "json_schema", …}`).
    public var responseFormat: JSONObject? { json["response_format"]?.objectValue }
    /// Whether log probabilities were asked for.
    public var logprobs: Bool? { json["logprobs"]?.boolValue }
    /// The end-user identifier the caller passed.
    public var user: String? { json["user"]?.stringValue }
    /// Stop sequences (`stop` may be one string or an array).
    public var stop: [String] {
        switch json["stop"] {
        case .string(let text)?: return [text]
        case .array(let elements)?: return elements.compactMap(\.stringValue)
        default: return []
        }
    }
}
