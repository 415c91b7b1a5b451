import ParapetCore
import AsyncHTTPClient

/// Anthropic's Messages API behind the OpenAI-shaped provider protocol: requests are translated
/// to Messages, answers and stream events back to chat completions and chunks.
public struct AnthropicProvider: ChatProvider {
    let client: UpstreamClient
    /// `max_tokens` is required by Messages; used when the OpenAI-shaped request has none.
    let defaultMaxTokens: Int
    public var name: String { client.configuration.name }
    public var totalTimeout: Duration { client.configuration.totalTimeout }

    public init(configuration: ProviderConfiguration, environment: [String: String], defaultMaxTokens: Int = 4_096) {
        client = UpstreamClient(
            configuration: configuration,
            authorization: { [("x-api-key", $0)] },
            environment: environment)
        self.defaultMaxTokens = defaultMaxTokens
    }

    static let versionHeader = [("anthropic-version", "2023-06-01")]

    public func complete(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChatCompletion {
        let body = try translate(request, model: model, stream: false)
        let response = try await client.post("/messages", body: body, deadline: deadline, extraHeaders: Self.versionHeader)
        let bytes = try await UpstreamClient.collect(response, provider: name)
        do {
            return try AnthropicTranslation.chatCompletion(fromMessage: try JSON.parse(bytes), model: model)
        } catch {
            throw ProviderError(.malformedResponse, "\(name) answered with something that is not a Messages response: \(error)")
        }
    }

    public func stream(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChunkStream {
        let body = try translate(request, model: model, stream: true)
        let response = try await client.post("/messages", body: body, deadline: deadline, extraHeaders: Self.versionHeader)
        return ChunkStream(body: response.body, dialect: .anthropic(AnthropicToOpenAIStream(model: model, includeUsage: request.includeUsage)), provider: name)
    }

    public func embeddings(_ body: JSONObject, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> [UInt8] {
        throw ProviderError(.clientError, "\(name) is an Anthropic provider, which has no embeddings API", status: 400)
    }

    public func shutdown() async {
        await client.shutdown()
    }

    private func translate(_ request: ChatRequest, model: String, stream: Bool) throws(ProviderError) -> [UInt8] {
        do {
            var json = try AnthropicTranslation.messagesRequest(from: request, model: model, defaultMaxTokens: defaultMaxTokens)
            if case .object(var object) = json {
                object["stream"] = .bool(stream)
                json = .object(object)
            }
            return json.serialized
        } catch {
            throw ProviderError(.clientError, "the request cannot be sent to \(name) (Anthropic Messages): \(error)", status: 400)
        }
    }
}
