import Hummingbird

/// OpenAI chat completions: `chat.completion` objects, `chat.completion.chunk` server-sent
/// events ending in `data: [DONE]`, and `{"error":{"message","type","param","code"}}` errors.
enum OpenAIWire: MockWire {
    /// The fixed `created` time, so answers are reproducible.
    static let created: StaticString = "1700000000"

    static func completion(_ answer: MockAnswer) -> ByteBuffer {
        .build { buffer in
            buffer.writeStaticString(#"{"id":"chatcmpl-mock-"#)
            buffer.writeDecimal(answer.serial)
            buffer.writeStaticString(#"","object":"chat.completion","created":"#)
            buffer.writeStaticString(created)
            buffer.writeStaticString(#","model":"#)
            buffer.writeJSONString(answer.model)
            buffer.writeStaticString(#","choices":[{"index":0,"message":{"role":"assistant","content":"#)
            switch answer.content {
            case .text(let text):
                buffer.writeJSONString(text)
                buffer.writeStaticString(#"},"logprobs":null,"finish_reason":"#)
                buffer.writeStaticString(answer.reachedTokenLimit ? #""length""# : #""stop""#)
            case .toolCall(let name):
                buffer.writeStaticString(#"null,"tool_calls":[{"id":"call_mock_"#)
                buffer.writeDecimal(answer.serial)
                buffer.writeStaticString(#"","type":"function","function":{"name":"#)
                buffer.writeJSONString(name)
                buffer.writeStaticString(#","arguments":"{}"}}]},"logprobs":null,"finish_reason":"tool_calls""#)
            }
            buffer.writeStaticString(#"}],"usage":"#)
            writeUsage(answer, to: &buffer)
            buffer.writeStaticString("}")
        }
    }

    static func stream(_ answer: MockAnswer, includeUsage: Bool) -> MockStream {
        let role = chunk(answer) { $0.writeStaticString(#"{"role":"assistant","content":""},"finish_reason":null"#) }
        var content: [ByteBuffer]
        let finishReason: StaticString
        switch answer.content {
        case .text:
            content = answer.textChunks.map { text in
                chunk(answer) {
                    $0.writeStaticString(#"{"content":"#)
                    $0.writeJSONString(text)
                    $0.writeStaticString(#"},"finish_reason":null"#)
                }
            }
            finishReason = answer.reachedTokenLimit ? #""length""# : #""stop""#
        case .toolCall(let name):
            content = [
                chunk(answer) {
                    $0.writeStaticString(#"{"tool_calls":[{"index":0,"id":"call_mock_"#)
                    $0.writeDecimal(answer.serial)
                    $0.writeStaticString(#"","type":"function","function":{"name":"#)
                    $0.writeJSONString(name)
                    $0.writeStaticString(#","arguments":""}}]},"finish_reason":null"#)
                },
                chunk(answer) {
                    $0.writeStaticString(#"{"tool_calls":[{"index":0,"function":{"arguments":"{}"}}]},"finish_reason":null"#)
                },
            ]
            finishReason = #""tool_calls""#
        }
        var tail = [chunk(answer) { $0.writeStaticString(#"{},"finish_reason":"#); $0.writeStaticString(finishReason) }]
        if includeUsage {
            tail.append(
                event(answer) {
                    $0.writeStaticString(#"[],"usage":"#)
                    writeUsage(answer, to: &$0)
                })
        }
        tail.append(.build(capacity: 16) { $0.writeStaticString("data: [DONE]\n\n") })
        return MockStream(head: [role], content: content, tail: tail)
    }

    static func error(_ failure: MockFailure) -> (status: HTTPResponse.Status, body: ByteBuffer) {
        switch failure {
        case .rateLimited:
            return (.tooManyRequests, errorBody(
                message: "Rate limit reached for mock-model: requests per minute. Please try again later.",
                type: "requests", param: nil, code: "rate_limit_exceeded"))
        case .serverError:
            return (.internalServerError, errorBody(
                message: "The server had an error while processing your request. Sorry about that!",
                type: "server_error", param: nil, code: nil))
        case .contentFilter:
            return (.badRequest, errorBody(
                message: "The response was filtered due to the prompt triggering the content management policy.",
                type: "invalid_request_error", param: "prompt", code: "content_filter"))
        case .contextLength(let promptTokens):
            let limit = 128_000
            return (.badRequest, errorBody(
                message: "This model's maximum context length is \(limit) tokens. However, your messages resulted in "
                    + "\(limit + promptTokens) tokens. Please reduce the length of the messages.",
                type: "invalid_request_error", param: "messages", code: "context_length_exceeded"))
        }
    }

    /// `{"error":{"message","type","param","code"}}`.
    static func errorBody(message: String, type: String, param: String?, code: String?) -> ByteBuffer {
        .build { buffer in
            buffer.writeStaticString(#"{"error":{"message":"#)
            buffer.writeJSONString(message)
            buffer.writeStaticString(#","type":"#)
            buffer.writeJSONString(type)
            buffer.writeStaticString(#","param":"#)
            writeOptional(param, to: &buffer)
            buffer.writeStaticString(#","code":"#)
            writeOptional(code, to: &buffer)
            buffer.writeStaticString("}}")
        }
    }

    /// One `data:` event with a single choice whose delta `writeDelta` writes.
    private static func chunk(_ answer: MockAnswer, _ writeDelta: (inout ByteBuffer) -> Void) -> ByteBuffer {
        event(answer) { buffer in
            buffer.writeStaticString(#"[{"index":0,"delta":"#)
            writeDelta(&buffer)
            buffer.writeStaticString("}]")
        }
    }

    /// One `data:` chunk event; `writeChoices` writes the value of `choices` and what follows it.
    private static func event(_ answer: MockAnswer, _ writeChoices: (inout ByteBuffer) -> Void) -> ByteBuffer {
        .build(capacity: 256) { buffer in
            buffer.writeStaticString(#"data: {"id":"chatcmpl-mock-"#)
            buffer.writeDecimal(answer.serial)
            buffer.writeStaticString(#"","object":"chat.completion.chunk","created":"#)
            buffer.writeStaticString(created)
            buffer.writeStaticString(#","model":"#)
            buffer.writeJSONString(answer.model)
            buffer.writeStaticString(#","choices":"#)
            writeChoices(&buffer)
            buffer.writeStaticString("}\n\n")
        }
    }

    private static func writeUsage(_ answer: MockAnswer, to buffer: inout ByteBuffer) {
        buffer.writeStaticString(#"{"prompt_tokens":"#)
        buffer.writeDecimal(answer.promptTokens)
        buffer.writeStaticString(#","completion_tokens":"#)
        buffer.writeDecimal(answer.completionTokens)
        buffer.writeStaticString(#","total_tokens":"#)
        buffer.writeDecimal(answer.totalTokens)
        buffer.writeStaticString("}")
    }

    private static func writeOptional(_ text: String?, to buffer: inout ByteBuffer) {
        if let text { buffer.writeJSONString(text) } else { buffer.writeStaticString("null") }
    }
}
