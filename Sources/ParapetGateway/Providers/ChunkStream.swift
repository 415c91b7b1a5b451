import ParapetCore
import AsyncHTTPClient
import NIOCore

/// The chunks of one streamed completion, in OpenAI's chunk shape, pulled from the upstream's SSE
/// body. Used by one task at a time.
public struct ChunkStream {
    enum Dialect {
        case openai
        case anthropic(AnthropicToOpenAIStream)
    }

    private var body: HTTPClientResponse.Body.AsyncIterator
    private var parser = SSEParser()
    private var dialect: Dialect
    private var ready: [ChatChunk] = []
    private var readyIndex = 0
    private var terminated = false
    private var ended = false
    let provider: String

    init(body: HTTPClientResponse.Body, dialect: Dialect, provider: String) {
        self.body = body.makeAsyncIterator()
        self.dialect = dialect
        self.provider = provider
    }

    /// The next chunk, or nil after the stream's terminator (`[DONE]` / `message_stop`).
    public mutating func next() async throws(ProviderError) -> ChatChunk? {
        while true {
            if readyIndex < ready.count {
                defer { readyIndex += 1 }
                return ready[readyIndex]
            }
            ready.removeAll(keepingCapacity: true)
            readyIndex = 0
            if terminated || ended { return nil }
            let buffer: ByteBuffer?
            do {
                buffer = try await body.next()
            } catch {
                throw ProviderError.transport(error, provider: provider)
            }
            guard let buffer else {
                ended = true
                for event in parser.finish() { try consume(event) }
                if !terminated {
                    throw ProviderError(.malformedResponse, "\(provider) ended the stream without its terminator (the stream was cut)")
                }
                continue
            }
            let events: [SSEEvent]
            do {
                events = try parser.feed(buffer.readableBytesView)
            } catch {
                throw ProviderError(.malformedResponse, "\(provider) sent an invalid event stream: \(error)")
            }
            for event in events { try consume(event) }
        }
    }

    private mutating func consume(_ event: SSEEvent) throws(ProviderError) {
        guard !terminated else { return }
        switch dialect {
        case .openai:
            if event.data == "[DONE]" {
                terminated = true
                return
            }
            if event.event == "error" {
                throw ProviderError(.serverError, "\(provider) sent an error event: \(ProviderError.snippet(event.data))")
            }
            do {
                let json = try JSON.parse(Array(event.data.utf8))
                if let error = json.objectValue?["error"], !error.isNull {
                    throw ProviderError(.serverError, "\(provider) sent an error in the stream: \(ProviderError.snippet(error.description))")
                }
                ready.append(try ChatChunk(parsing: json))
            } catch let error as ProviderError {
                throw error
            } catch {
                throw ProviderError(.malformedResponse, "\(provider) sent a chunk that is not a chat.completion.chunk: \(error)")
            }
        case .anthropic(var translator):
            if event.event == "error" {
                let overloaded = event.data.contains("overloaded_error") || event.data.contains("rate_limit_error")
                throw ProviderError(overloaded ? .rateLimited : .serverError, "\(provider) sent an error event: \(ProviderError.snippet(event.data))")
            }
            do {
                let chunks = try translator.consume(event)
                for chunk in chunks { ready.append(try ChatChunk(parsing: chunk)) }
                if event.event == "message_stop" { terminated = true }
                dialect = .anthropic(translator)
            } catch {
                throw ProviderError(.malformedResponse, "\(provider) sent an invalid Messages event: \(error)")
            }
        }
    }
}
