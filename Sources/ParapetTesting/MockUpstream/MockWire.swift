import Hummingbird

/// A provider error the mock can answer with, independent of the API shape.
enum MockFailure: Sendable, Equatable {
    case rateLimited
    case serverError
    case contentFilter
    /// The request's estimated prompt tokens, which the message adds to the context limit.
    case contextLength(promptTokens: Int)
}

/// A streamed answer as the server-sent events it is written as.
struct MockStream: Sendable {
    /// Events before the content (OpenAI role chunk; Anthropic `message_start`, block start).
    var head: [ByteBuffer]
    /// Events that carry the answer's text or tool call.
    var content: [ByteBuffer]
    /// Events after the content, up to and including the terminator.
    var tail: [ByteBuffer]

    var all: [ByteBuffer] { head + content + tail }
}

/// How one provider API writes answers and errors. Implementations build bodies from static
/// byte templates: the mock answers load tests at many thousand requests per second.
protocol MockWire: Sendable {
    /// The complete non-streaming answer.
    static func completion(_ answer: MockAnswer) -> ByteBuffer
    /// The streaming answer; `includeUsage` asks for the usage event where the API makes it optional.
    static func stream(_ answer: MockAnswer, includeUsage: Bool) -> MockStream
    /// The error's HTTP status and body.
    static func error(_ failure: MockFailure) -> (status: HTTPResponse.Status, body: ByteBuffer)
}

extension ByteBuffer {
    /// A new buffer of `capacity` bytes filled by `write`.
    static func build(capacity: Int = 512, _ write: (inout ByteBuffer) -> Void) -> ByteBuffer {
        var buffer = ByteBufferAllocator().buffer(capacity: capacity)
        write(&buffer)
        return buffer
    }
}
