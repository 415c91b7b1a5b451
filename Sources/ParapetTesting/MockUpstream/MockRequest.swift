/// The few fields of an OpenAI or Anthropic request that the mock's answer depends on.
///
/// Decoding is lenient: unknown fields are ignored and a body that is not JSON decodes to the
/// empty request, so the mock answers whatever it is sent.
struct MockRequest: Decodable, Sendable {
    var model: String?
    var messages: [Message]?
    var stream: Bool?
    var streamOptions: StreamOptions?
    var tools: [Tool]?
    var maxTokens: Int?
    /// The embeddings input: one string or several.
    var input: Input?
    /// OpenAI's `response_format.type` (`text`, `json_object`, `json_schema`).
    var responseFormat: ResponseFormat?

    struct ResponseFormat: Decodable, Sendable { var type: String? }

    struct Message: Decodable, Sendable {
        var role: String?
        var content: Content?
    }

    /// Message content: a string, or parts whose `text` fields are joined.
    struct Content: Decodable, Sendable {
        var text: String

        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if container.decodeNil() {
                text = ""
            } else if let string = try? container.decode(String.self) {
                text = string
            } else {
                text = (try? container.decode([Part].self))?.compactMap(\.text).joined(separator: " ") ?? ""
            }
        }

        struct Part: Decodable, Sendable { var text: String? }
    }

    struct StreamOptions: Decodable, Sendable {
        var includeUsage: Bool?
        enum CodingKeys: String, CodingKey { case includeUsage = "include_usage" }
    }

    /// An OpenAI tool (`function.name`) or an Anthropic tool (`name`).
    struct Tool: Decodable, Sendable {
        var name: String?
        var function: Function?
        struct Function: Decodable, Sendable { var name: String? }
        var toolName: String? { function?.name ?? name }
    }

    /// Embeddings input texts.
    struct Input: Decodable, Sendable {
        var texts: [String]
        init(from decoder: any Decoder) throws {
            let container = try decoder.singleValueContainer()
            if let string = try? container.decode(String.self) {
                texts = [string]
            } else {
                texts = (try? container.decode([String].self)) ?? []
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case model, messages, stream, tools, input
        case streamOptions = "stream_options"
        case maxTokens = "max_tokens"
        case responseFormat = "response_format"
    }

    init() {}

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: CodingKeys.self)
        model = try? container.decodeIfPresent(String.self, forKey: .model)
        messages = try? container.decodeIfPresent([Message].self, forKey: .messages)
        stream = try? container.decodeIfPresent(Bool.self, forKey: .stream)
        streamOptions = try? container.decodeIfPresent(StreamOptions.self, forKey: .streamOptions)
        tools = try? container.decodeIfPresent([Tool].self, forKey: .tools)
        maxTokens = try? container.decodeIfPresent(Int.self, forKey: .maxTokens)
        input = try? container.decodeIfPresent(Input.self, forKey: .input)
        responseFormat = try? container.decodeIfPresent(ResponseFormat.self, forKey: .responseFormat)
    }

    /// Whether the request asked for a JSON answer.
    var wantsJSON: Bool { responseFormat?.type == "json_object" || responseFormat?.type == "json_schema" }

    /// The text of the last message whose role is `user`, or "".
    var lastUserText: String {
        messages?.last { $0.role == "user" }?.content?.text ?? ""
    }

    /// The name of the first tool offered, if any.
    var firstToolName: String? { tools?.lazy.compactMap(\.toolName).first }

    var isStreaming: Bool { stream ?? false }
    var includesUsage: Bool { streamOptions?.includeUsage ?? false }
}
