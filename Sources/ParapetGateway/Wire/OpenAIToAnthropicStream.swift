import ParapetCore

/// Turns an OpenAI chunk stream into Anthropic stream events for an Anthropic client of an
/// OpenAI-compatible upstream. Feed every chunk to `consume(_:)` and call `finish()` at
/// `[DONE]`: the closing `message_delta` waits for it because OpenAI sends usage after the
/// finish reason. Only the first choice is translated (Anthropic has no `n`).
public struct OpenAIToAnthropicStream: Sendable {
    /// An Anthropic event: the SSE `event:` name and its data.
    public typealias Event = (name: String, data: JSON)

    private enum Block: Sendable, Equatable {
        case none
        case text(Int)
        case tool(Int, openAIIndex: Int)
    }

    /// The model name to report.
    public let model: String
    private var messageID: String?
    private var block = Block.none
    private var nextBlockIndex = 0
    private var finishedToolIndices: Set<Int> = []
    private var stopReason = JSON.null
    private var usage = Usage()
    private var done = false

    public init(model: String) {
        self.model = model
    }

    /// The events one chunk produces. Fails on tool-call fragments for a call that was already
    /// closed (interleaved parallel calls), which Anthropic's block sequence cannot express.
    public mutating func consume(_ chunk: ChatChunk) throws(WireError) -> [Event] {
        guard !done else { return [] }
        var events = start(id: chunk.id)
        if let reported = chunk.usage { usage = reported }
        guard let choice = chunk.choices.first else { return events }
        if let text = choice.content, !text.isEmpty {
            if case .text(let index) = block {
                events.append(textDelta(text, index: index))
            } else {
                events += openBlock(.object(["type": "text", "text": ""]), as: { .text($0) })
                events.append(textDelta(text, index: nextBlockIndex - 1))
            }
        }
        for call in choice.toolCalls { events += try toolEvents(call) }
        if let reason = choice.finishReason { stopReason = AnthropicTranslation.stopReason(fromFinishReason: reason) }
        return events
    }

    /// The closing events (`content_block_stop`, `message_delta` with stop reason and usage,
    /// `message_stop`). Fails when the upstream never sent a finish reason: the stream was cut.
    public mutating func finish() throws(WireError) -> [Event] {
        guard !done else { return [] }
        guard !stopReason.isNull else { throw WireError("the upstream stream ended without a finish_reason") }
        var events = start(id: nil) + closeBlock()
        done = true
        events.append(("message_delta", .object([
            "type": "message_delta",
            "delta": .object(["stop_reason": stopReason, "stop_sequence": .null]),
            "usage": usage.anthropicJSON,
        ])))
        events.append(("message_stop", .object(["type": "message_stop"])))
        return events
    }

    private mutating func start(id: String?) -> [Event] {
        guard messageID == nil else { return [] }
        let identifier = "msg_" + (id ?? "")
        messageID = identifier
        return [("message_start", .object([
            "type": "message_start",
            "message": .object([
                "id": .string(identifier), "type": "message", "role": "assistant", "model": .string(model),
                "content": .array([]), "stop_reason": .null, "stop_sequence": .null, "usage": usage.anthropicJSON,
            ]),
        ]))]
    }

    private mutating func toolEvents(_ call: ToolCallDelta) throws(WireError) -> [Event] {
        var events: [Event] = []
        var continuing = false
        if case .tool(_, let current) = block { continuing = current == call.index }
        if !continuing {
            guard !finishedToolIndices.contains(call.index) else {
                throw WireError("tool call fragments arrived after the call ended", param: "choices[0].delta.tool_calls")
            }
            let start: JSON = .object([
                "type": "tool_use", "id": .string(call.id ?? ""), "name": .string(call.name ?? ""), "input": .object([:]),
            ])
            events += openBlock(start, as: { .tool($0, openAIIndex: call.index) })
        }
        if let arguments = call.arguments, !arguments.isEmpty {
            events.append(delta(.object(["type": "input_json_delta", "partial_json": .string(arguments)]), index: nextBlockIndex - 1))
        }
        return events
    }

    private mutating func openBlock(_ content: JSON, as make: (Int) -> Block) -> [Event] {
        var events = closeBlock()
        let index = nextBlockIndex
        nextBlockIndex += 1
        block = make(index)
        events.append(("content_block_start", .object([
            "type": "content_block_start", "index": .number(index), "content_block": content,
        ])))
        return events
    }

    private mutating func closeBlock() -> [Event] {
        let index: Int
        switch block {
        case .none: return []
        case .text(let open): index = open
        case .tool(let open, let openAIIndex):
            index = open
            finishedToolIndices.insert(openAIIndex)
        }
        block = .none
        return [("content_block_stop", .object(["type": "content_block_stop", "index": .number(index)]))]
    }

    private func textDelta(_ text: String, index: Int) -> Event {
        delta(.object(["type": "text_delta", "text": .string(text)]), index: index)
    }

    private func delta(_ delta: JSON, index: Int) -> Event {
        ("content_block_delta", .object(["type": "content_block_delta", "index": .number(index), "delta": delta]))
    }
}
