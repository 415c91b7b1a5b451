import ParapetCore

/// Turns an Anthropic event stream into OpenAI `chat.completion.chunk`s for an OpenAI client of
/// an Anthropic upstream. Feed every parsed SSE event to `consume(_:)`; call `finish()` when the
/// upstream closes. An Anthropic `error` event, data that is not JSON, or events out of order
/// fail with a `WireError`, which the caller treats as a malformed or failed upstream stream.
public struct AnthropicToOpenAIStream: Sendable {
    /// The model name to report.
    public let model: String
    /// Whether to end with a usage chunk (`stream_options.include_usage`).
    public let includeUsage: Bool
    /// The Unix time to report in `created` (the caller's clock).
    public let created: Int
    private var id: String?
    private var usage = Usage()
    private var toolIndexByBlock: [Int: Int] = [:]
    private var stopped = false

    public init(model: String, includeUsage: Bool, created: Int = 0) {
        self.model = model
        self.includeUsage = includeUsage
        self.created = created
    }

    /// The chunks one Anthropic event produces (often none: pings, block stops).
    public mutating func consume(_ event: SSEEvent) throws(WireError) -> [JSON] {
        guard !stopped else { return [] }
        let data: JSONObject
        do {
            data = try JSON.parse(Array(event.data.utf8)).requireObject()
        } catch {
            throw WireError("stream event data is not a JSON object")
        }
        let type = data["type"]?.stringValue ?? event.event ?? ""
        switch type {
        case "ping": return []
        case "error": throw Self.upstreamError(data)
        case "message_start": return [try start(data)]
        default: break
        }
        guard id != nil else { throw WireError("\"\(type)\" event before message_start", param: "type") }
        switch type {
        case "content_block_start": return try blockStart(data)
        case "content_block_delta": return try blockDelta(data)
        case "message_delta": return try messageDelta(data)
        case "message_stop":
            stopped = true
            return includeUsage ? [chunk(choices: [], usage: usage.openAIJSON)] : []
        default: return []
        }
    }

    /// Fails when the upstream closed before `message_stop`: the stream was cut.
    public mutating func finish() throws(WireError) -> [JSON] {
        guard stopped else { throw WireError("the upstream stream ended before message_stop") }
        return []
    }

    static func upstreamError(_ data: JSONObject) -> WireError {
        let error = data["error"]
        let type = error?["type"]?.stringValue ?? "error"
        let message = error?["message"]?.stringValue ?? "no message"
        return WireError("upstream \(type): \(message)")
    }

    private mutating func start(_ data: JSONObject) throws(WireError) -> JSON {
        let message = try data.object("message", at: "", required: true) ?? [:]
        id = "chatcmpl-" + (try message.string("id", at: "message") ?? "")
        if let reported = try message.object("usage", at: "message") { usage = try Usage(anthropic: reported, at: "message.usage") }
        return chunk(delta: ["role": "assistant", "content": ""])
    }

    private mutating func blockStart(_ data: JSONObject) throws(WireError) -> [JSON] {
        let index = try data.int("index", at: "", required: true, minimum: 0) ?? 0
        let block = try data.object("content_block", at: "", required: true) ?? [:]
        switch block["type"]?.stringValue {
        case "text":
            let text = try block.string("text", at: "content_block") ?? ""
            return text.isEmpty ? [] : [chunk(delta: ["content": .string(text)])]
        case "tool_use":
            let toolIndex = toolIndexByBlock.count
            toolIndexByBlock[index] = toolIndex
            let call: JSONObject = [
                "index": .number(toolIndex), "id": .string(try block.string("id", at: "content_block", required: true) ?? ""),
                "type": "function",
                "function": .object(["name": .string(try block.string("name", at: "content_block", required: true) ?? ""), "arguments": ""]),
            ]
            return [chunk(delta: ["tool_calls": .array([.object(call)])])]
        default: return []
        }
    }

    private func blockDelta(_ data: JSONObject) throws(WireError) -> [JSON] {
        let index = try data.int("index", at: "", required: true, minimum: 0) ?? 0
        let delta = try data.object("delta", at: "", required: true) ?? [:]
        switch delta["type"]?.stringValue {
        case "text_delta":
            return [chunk(delta: ["content": .string(try delta.string("text", at: "delta", required: true) ?? "")])]
        case "input_json_delta":
            guard let toolIndex = toolIndexByBlock[index] else { throw WireError("no tool_use block has this index", param: "index") }
            let partial = try delta.string("partial_json", at: "delta", required: true) ?? ""
            let call: JSONObject = ["index": .number(toolIndex), "function": .object(["arguments": .string(partial)])]
            return [chunk(delta: ["tool_calls": .array([.object(call)])])]
        default: return []
        }
    }

    private mutating func messageDelta(_ data: JSONObject) throws(WireError) -> [JSON] {
        if let reported = try data.object("usage", at: "") {
            usage.output = try reported.int("output_tokens", at: "usage", minimum: 0) ?? usage.output
            if reported["input_tokens"] != nil {
                let input = try Usage(anthropic: reported)
                usage.input = input.input
                usage.cached = input.cached
            }
        }
        guard let reason = try data.object("delta", at: "")?.string("stop_reason", at: "delta") else { return [] }
        return [chunk(delta: [:], finishReason: AnthropicTranslation.finishReason(fromStopReason: reason))]
    }

    private func chunk(delta: JSONObject, finishReason: JSON = .null) -> JSON {
        let choice: JSON = .object([
            "index": .number(0), "delta": .object(delta), "logprobs": .null, "finish_reason": finishReason,
        ])
        return chunk(choices: [choice], usage: nil)
    }

    private func chunk(choices: [JSON], usage: JSON?) -> JSON {
        var body: JSONObject = [
            "id": .string(id ?? "chatcmpl-"), "object": "chat.completion.chunk", "created": .number(created),
            "model": .string(model), "choices": .array(choices),
        ]
        body["usage"] = usage
        return .object(body)
    }
}
