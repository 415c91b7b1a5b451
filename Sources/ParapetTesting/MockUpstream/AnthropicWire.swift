import Hummingbird

/// Anthropic messages: `message` objects, the `message_start` … `message_stop` event stream,
/// and `{"type":"error","error":{"type","message"}}` errors.
enum AnthropicWire: MockWire {
    static func completion(_ answer: MockAnswer) -> ByteBuffer {
        .build { buffer in
            writeMessageStart(answer, to: &buffer)
            switch answer.content {
            case .text(let text):
                buffer.writeStaticString(#"[{"type":"text","text":"#)
                buffer.writeJSONString(text)
                buffer.writeStaticString("}]")
            case .toolCall(let name):
                buffer.writeStaticString("[")
                writeToolUse(answer, name: name, to: &buffer)
                buffer.writeStaticString(#"{}}]"#)
            }
            buffer.writeStaticString(#","stop_reason":"#)
            buffer.writeStaticString(stopReason(answer))
            buffer.writeStaticString(#","stop_sequence":null,"usage":{"input_tokens":"#)
            buffer.writeDecimal(answer.promptTokens)
            buffer.writeStaticString(#","output_tokens":"#)
            buffer.writeDecimal(answer.completionTokens)
            buffer.writeStaticString("}}")
        }
    }

    /// The whole event sequence; the usage is always part of `message_start` and `message_delta`.
    static func stream(_ answer: MockAnswer, includeUsage _: Bool) -> MockStream {
        let start = event("message_start") { buffer in
            buffer.writeStaticString(#"{"type":"message_start","message":"#)
            writeMessageStart(answer, to: &buffer)
            buffer.writeStaticString(#"[],"stop_reason":null,"stop_sequence":null,"usage":{"input_tokens":"#)
            buffer.writeDecimal(answer.promptTokens)
            buffer.writeStaticString(#","output_tokens":1}}}"#)
        }
        let blockStart = event("content_block_start") { buffer in
            buffer.writeStaticString(#"{"type":"content_block_start","index":0,"content_block":"#)
            switch answer.content {
            case .text: buffer.writeStaticString(#"{"type":"text","text":""}"#)
            case .toolCall(let name):
                writeToolUse(answer, name: name, to: &buffer)
                buffer.writeStaticString("{}}")
            }
            buffer.writeStaticString("}")
        }
        let content: [ByteBuffer]
        switch answer.content {
        case .text:
            content = answer.textChunks.map { text in
                delta { buffer in
                    buffer.writeStaticString(#"{"type":"text_delta","text":"#)
                    buffer.writeJSONString(text)
                    buffer.writeStaticString("}")
                }
            }
        case .toolCall:
            content = [
                delta { $0.writeStaticString(#"{"type":"input_json_delta","partial_json":""}"#) },
                delta { $0.writeStaticString(#"{"type":"input_json_delta","partial_json":"{}"}"#) },
            ]
        }
        let blockStop = event("content_block_stop") {
            $0.writeStaticString(#"{"type":"content_block_stop","index":0}"#)
        }
        let messageDelta = event("message_delta") { buffer in
            buffer.writeStaticString(#"{"type":"message_delta","delta":{"stop_reason":"#)
            buffer.writeStaticString(stopReason(answer))
            buffer.writeStaticString(#","stop_sequence":null},"usage":{"output_tokens":"#)
            buffer.writeDecimal(answer.completionTokens)
            buffer.writeStaticString("}}")
        }
        let stop = event("message_stop") { $0.writeStaticString(#"{"type":"message_stop"}"#) }
        return MockStream(head: [start, blockStart], content: content, tail: [blockStop, messageDelta, stop])
    }

    static func error(_ failure: MockFailure) -> (status: HTTPResponse.Status, body: ByteBuffer) {
        switch failure {
        case .rateLimited:
            (.tooManyRequests, errorBody(type: "rate_limit_error", message: "Number of requests has exceeded your rate limit."))
        case .serverError:
            (.internalServerError, errorBody(type: "api_error", message: "Internal server error"))
        case .contentFilter:
            (.badRequest, errorBody(type: "invalid_request_error", message: "Output blocked by content filtering policy"))
        case .contextLength(let promptTokens):
            (.badRequest, errorBody(
                type: "invalid_request_error",
                message: "prompt is too long: \(200_000 + promptTokens) tokens > 200000 maximum"))
        }
    }

    /// `{"type":"error","error":{"type","message"}}`.
    static func errorBody(type: String, message: String) -> ByteBuffer {
        .build { buffer in
            buffer.writeStaticString(#"{"type":"error","error":{"type":"#)
            buffer.writeJSONString(type)
            buffer.writeStaticString(#","message":"#)
            buffer.writeJSONString(message)
            buffer.writeStaticString("}}")
        }
    }

    /// The message object up to and including `"content":`.
    private static func writeMessageStart(_ answer: MockAnswer, to buffer: inout ByteBuffer) {
        buffer.writeStaticString(#"{"id":"msg_mock_"#)
        buffer.writeDecimal(answer.serial)
        buffer.writeStaticString(#"","type":"message","role":"assistant","model":"#)
        buffer.writeJSONString(answer.model)
        buffer.writeStaticString(#","content":"#)
    }

    /// A `tool_use` block up to and including `"input":`.
    private static func writeToolUse(_ answer: MockAnswer, name: String, to buffer: inout ByteBuffer) {
        buffer.writeStaticString(#"{"type":"tool_use","id":"toolu_mock_"#)
        buffer.writeDecimal(answer.serial)
        buffer.writeStaticString(#"","name":"#)
        buffer.writeJSONString(name)
        buffer.writeStaticString(#","input":"#)
    }

    private static func stopReason(_ answer: MockAnswer) -> StaticString {
        switch answer.content {
        case .toolCall: #""tool_use""#
        case .text: answer.reachedTokenLimit ? #""max_tokens""# : #""end_turn""#
        }
    }

    private static func delta(_ writeDelta: (inout ByteBuffer) -> Void) -> ByteBuffer {
        event("content_block_delta") { buffer in
            buffer.writeStaticString(#"{"type":"content_block_delta","index":0,"delta":"#)
            writeDelta(&buffer)
            buffer.writeStaticString("}")
        }
    }

    /// `event: NAME` and one `data:` line with what `writeData` writes.
    private static func event(_ name: StaticString, _ writeData: (inout ByteBuffer) -> Void) -> ByteBuffer {
        .build(capacity: 256) { buffer in
            buffer.writeStaticString("event: ")
            buffer.writeStaticString(name)
            buffer.writeStaticString("\ndata: ")
            writeData(&buffer)
            buffer.writeStaticString("\n\n")
        }
    }
}
