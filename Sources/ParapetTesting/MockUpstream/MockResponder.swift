import Foundation
import Hummingbird

/// Answers one request: records it, picks its scenario and dispatches on the endpoint.
struct MockResponder: HTTPResponder {
    typealias Context = MockConnection

    /// Bodies larger than this are refused with 413.
    static let maxBodySize = 32 * 1024 * 1024

    let script: MockScript
    let pauses: MockPauses
    let latency: Duration

    /// The endpoints the mock serves.
    enum Endpoint {
        case chatCompletions, messages, embeddings, models, unknown

        init(method: HTTPRequest.Method, path: Substring) {
            switch (method, path) {
            case (.post, "/v1/chat/completions"): self = .chatCompletions
            case (.post, "/v1/messages"): self = .messages
            case (.post, "/v1/embeddings"): self = .embeddings
            case (.get, "/v1/models"): self = .models
            default: self = .unknown
            }
        }

        /// Whether requests to it take a scenario (and consume the queue).
        var takesScenario: Bool {
            switch self {
            case .chatCompletions, .messages, .embeddings: true
            case .models, .unknown: false
            }
        }
    }

    func respond(to request: Request, context: MockConnection) async throws -> Response {
        var request = request
        let body: ByteBuffer
        do {
            body = try await request.collectBody(upTo: Self.maxBodySize)
        } catch {
            return Self.plainError(.contentTooLarge, "request body larger than \(Self.maxBodySize) bytes")
        }
        let path = request.uri.path.split(separator: "?", maxSplits: 1).first ?? ""
        let endpoint = Endpoint(method: request.method, path: path)
        let headerValue = request.headers[.mockScenario]
        let headerScenario = headerValue.flatMap { MockScenario(headerValue: $0) }
        let headerIsValid = headerValue == nil || headerScenario != nil
        let parsed = endpoint.takesScenario && headerIsValid ? Self.decode(body) : MockRequest()
        let modelScenario = parsed.model.flatMap { model in
            model.hasPrefix("mock-") ? MockScenario(headerValue: model.dropFirst("mock-".count)) : nil
        }
        let (serial, scenario) = script.admit(
            Self.record(request, body: body), header: headerScenario, model: modelScenario,
            choosing: endpoint.takesScenario && headerIsValid)
        if let headerValue, !headerIsValid {
            return Self.plainError(.badRequest, "unknown x-mock-scenario: \(headerValue)")
        }

        if latency > .zero, await pauses.pause(latency, on: context.channel, watchingClose: false) == .interrupted {
            return abandon(context)
        }
        let exchange = MockExchange(
            request: parsed, scenario: scenario, serial: serial, requestBytes: body.readableBytes,
            connection: context, pauses: pauses)
        switch endpoint {
        case .chatCompletions: return await exchange.answer(OpenAIWire.self)
        case .messages: return await exchange.answer(AnthropicWire.self)
        case .embeddings: return await exchange.answerEmbeddings()
        case .models: return Response(status: .ok, headers: MockExchange.jsonHeaders, body: .init(byteBuffer: MockModels.body))
        case .unknown: return Self.plainError(.notFound, "no mock endpoint \(request.method) \(path)")
        }
    }

    /// Closes the connection; the returned response is never written.
    func abandon(_ connection: MockConnection) -> Response {
        connection.abandon()
        return Response(status: .serviceUnavailable)
    }

    /// An OpenAI-shaped error about the call itself, not a scripted scenario.
    static func plainError(_ status: HTTPResponse.Status, _ message: String) -> Response {
        let body = OpenAIWire.errorBody(message: message, type: "invalid_request_error", param: nil, code: nil)
        return Response(status: status, headers: MockExchange.jsonHeaders, body: .init(byteBuffer: body))
    }

    static func decode(_ body: ByteBuffer) -> MockRequest {
        let data = body.withUnsafeReadableBytes { Data($0) }
        return (try? JSONDecoder().decode(MockRequest.self, from: data)) ?? MockRequest()
    }

    static func record(_ request: Request, body: ByteBuffer) -> RecordedRequest {
        let headers = request.headers.map { field in
            let name = field.name.canonicalName
            return (name: name, value: RecordedRequest.isCredential(name) ? RecordedRequest.redacted : field.value)
        }
        return RecordedRequest(
            method: request.method.rawValue, path: request.uri.string, headers: headers,
            body: body.getBytes(at: body.readerIndex, length: body.readableBytes) ?? [])
    }
}
