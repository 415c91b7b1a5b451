import ParapetCore

/// A complete function call an assistant message asks for.
public struct ToolCall: Sendable, Equatable {
    /// The call's id, echoed back by the tool result.
    public var id: String
    /// The function name.
    public var name: String
    /// The arguments as JSON text, exactly as the model produced them (not necessarily valid).
    public var arguments: String

    public init(id: String, name: String, arguments: String) {
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    /// Reads an OpenAI `tool_calls` element.
    init(openAI call: JSONObject, at path: String) throws(WireError) {
        let function = try call.object("function", at: path, required: true) ?? [:]
        let functionPath = JSONObject.path(path, "function")
        id = try call.string("id", at: path, required: true) ?? ""
        name = try function.string("name", at: functionPath, required: true) ?? ""
        arguments = try function.string("arguments", at: functionPath) ?? ""
    }

    /// The OpenAI `tool_calls` element.
    public var openAIJSON: JSON {
        .object([
            "id": .string(id), "type": .string("function"),
            "function": .object(["name": .string(name), "arguments": .string(arguments)]),
        ])
    }
}

/// A fragment of a streamed function call: the first fragment of a call carries `id` and
/// `name`, later ones append to `arguments`.
public struct ToolCallDelta: Sendable, Equatable {
    /// Which call of the choice this fragment belongs to.
    public var index: Int
    /// The call id, on the first fragment of a call.
    public var id: String?
    /// The function name, on the first fragment of a call.
    public var name: String?
    /// The next piece of the arguments text.
    public var arguments: String?

    public init(index: Int, id: String? = nil, name: String? = nil, arguments: String? = nil) {
        self.index = index
        self.id = id
        self.name = name
        self.arguments = arguments
    }

    init(openAI call: JSONObject, at path: String, position: Int) throws(WireError) {
        let function = try call.object("function", at: path)
        let functionPath = JSONObject.path(path, "function")
        index = try call.int("index", at: path, minimum: 0) ?? position
        id = try call.string("id", at: path)
        name = try function?.string("name", at: functionPath)
        arguments = try function?.string("arguments", at: functionPath)
    }
}
