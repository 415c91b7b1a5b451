import Hummingbird

/// Thrown inside a response body to drop the connection mid-answer (the `cutStream` scenario).
struct MockConnectionCut: Error {}

/// One request whose scenario is chosen: plays the scenario in the API shape of the endpoint.
struct MockExchange: Sendable {
    static let jsonHeaders: HTTPFields = [.contentType: "application/json"]
    static let streamHeaders: HTTPFields = [.contentType: "text/event-stream", .cacheControl: "no-cache"]

    let request: MockRequest
    let scenario: MockScenario
    let serial: Int
    let requestBytes: Int
    let connection: MockConnection
    let pauses: MockPauses

    /// A chat completion or message in `Wire`'s shape, streaming when the request asked.
    func answer<Wire: MockWire>(_: Wire.Type) async -> Response {
        let answer = MockAnswer(request: request, reply: scenario.reply, requestBytes: requestBytes, serial: serial)
        let stream = request.isStreaming ? { Wire.stream(answer, includeUsage: request.includesUsage) } : nil
        return await play(Wire.self, body: { Wire.completion(answer) }, stream: stream)
    }

    /// An OpenAI embeddings list; failures in OpenAI's shape.
    func answerEmbeddings() async -> Response {
        let texts = request.input?.texts ?? []
        let model = request.model ?? "mock-embedding"
        let tokens = max(1, requestBytes / 4)
        return await play(OpenAIWire.self, body: { MockEmbeddings.body(texts: texts, model: model, promptTokens: tokens) }, stream: nil)
    }

    /// The scenario's behaviour around a successful `body` (or `stream`, for a streaming request).
    private func play<Wire: MockWire>(
        _: Wire.Type, body: () -> ByteBuffer, stream: (() -> MockStream)?
    ) async -> Response {
        switch scenario {
        case .ok, .reply:
            return success(body: body, stream: stream)
        case .completion(let text):
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: ByteBuffer(string: text)))
        case .redirect(let location):
            return Response(status: .temporaryRedirect, headers: [.location: location], body: .init())
        case .rateLimited(let retryAfter):
            var response = failure(Wire.self, .rateLimited)
            if let retryAfter {
                response.headers[.retryAfter] = Self.seconds(retryAfter)
                response.headers[.retryAfterMilliseconds] = String(Int(min(retryAfter * 1_000, 1e15).rounded()))
            }
            return response
        case .serverError:
            return failure(Wire.self, .serverError)
        case .contentFilter:
            return failure(Wire.self, .contentFilter)
        case .contextLength:
            return failure(Wire.self, .contextLength(promptTokens: max(1, requestBytes / 4)))
        case .timeout:
            let outcome = await pauses.pause(MockScenario.timeoutDuration, on: connection.channel, watchingClose: true)
            guard outcome == .elapsed else { return abandon() }
            return success(body: body, stream: stream)
        case .malformedJSON:
            let full = body()
            let half = full.getSlice(at: full.readerIndex, length: full.readableBytes / 2) ?? ByteBuffer()
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: half))
        case .slowStream(let interval):
            guard let stream else {
                guard await pauses.pause(interval, on: connection.channel, watchingClose: false) == .elapsed else {
                    return abandon()
                }
                return success(body: body, stream: nil)
            }
            return slowStream(stream(), interval: interval)
        case .cutStream:
            guard let stream else { return cutBody(body()) }
            let events = stream()
            return Response(
                status: .ok, headers: Self.streamHeaders,
                body: ResponseBody { writer in
                    try await writer.write(contentsOf: events.head + events.content.prefix(2))
                    throw MockConnectionCut()
                })
        }
    }

    private func success(body: () -> ByteBuffer, stream: (() -> MockStream)?) -> Response {
        guard let stream else {
            return Response(status: .ok, headers: Self.jsonHeaders, body: .init(byteBuffer: body()))
        }
        let events = stream().all
        return Response(
            status: .ok, headers: Self.streamHeaders,
            body: ResponseBody { writer in
                try await writer.write(contentsOf: events)
                try await writer.finish(nil)
            })
    }

    private func failure<Wire: MockWire>(_: Wire.Type, _ failure: MockFailure) -> Response {
        let (status, body) = Wire.error(failure)
        return Response(status: status, headers: Self.jsonHeaders, body: .init(byteBuffer: body))
    }

    /// Every event `interval` after the one before; a stop or a cancelled task drops the connection.
    private func slowStream(_ stream: MockStream, interval: Duration) -> Response {
        let events = stream.all
        let pauses = pauses
        let channel = connection.channel
        return Response(
            status: .ok, headers: Self.streamHeaders,
            body: ResponseBody { writer in
                for (index, event) in events.enumerated() {
                    if index > 0, await pauses.pause(interval, on: channel, watchingClose: false) == .interrupted {
                        throw MockConnectionCut()
                    }
                    try await writer.write(event)
                }
                try await writer.finish(nil)
            })
    }

    /// Announces the whole body's length, sends half of it and drops the connection.
    private func cutBody(_ full: ByteBuffer) -> Response {
        let half = full.getSlice(at: full.readerIndex, length: full.readableBytes / 2) ?? ByteBuffer()
        return Response(
            status: .ok, headers: Self.jsonHeaders,
            body: ResponseBody(contentLength: full.readableBytes) { writer in
                try await writer.write(half)
                throw MockConnectionCut()
            })
    }

    private func abandon() -> Response {
        connection.abandon()
        return Response(status: .serviceUnavailable)
    }

    /// Whole seconds without a fraction (`2`), others as decimals (`1.5`).
    static func seconds(_ value: Double) -> String {
        value == value.rounded() && value < 1e15 ? String(Int(value)) : String(value)
    }
}

extension MockScenario {
    /// The text a `reply` scenario answers with.
    var reply: String? {
        if case .reply(let text) = self { text } else { nil }
    }
}
