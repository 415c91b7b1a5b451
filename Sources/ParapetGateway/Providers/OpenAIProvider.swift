import ParapetCore
import AsyncHTTPClient

/// Any OpenAI-compatible API (OpenAI, Azure-style deployments, vLLM, Ollama, llama.cpp): the
/// request goes upstream as the client sent it, unknown fields included, with only `model`
/// replaced by the target's.
public struct OpenAIProvider: ChatProvider {
    let client: UpstreamClient
    public var name: String { client.configuration.name }
    public var totalTimeout: Duration { client.configuration.totalTimeout }

    public init(configuration: ProviderConfiguration, environment: [String: String]) {
        client = UpstreamClient(configuration: configuration, authorization: { [("authorization", "Bearer " + $0)] }, environment: environment)
    }

    public func complete(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChatCompletion {
        var upstream = request
        upstream.setModel(model)
        let response = try await client.post("/chat/completions", body: JSON.object(upstream.json).serialized, deadline: deadline)
        let body = try await UpstreamClient.collect(response, provider: name)
        do {
            return try ChatCompletion(parsing: try JSON.parse(body))
        } catch {
            throw ProviderError(.malformedResponse, "\(name) answered with something that is not a chat.completion: \(error)")
        }
    }

    public func stream(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChunkStream {
        var upstream = request
        upstream.setModel(model)
        let response = try await client.post("/chat/completions", body: JSON.object(upstream.json).serialized, deadline: deadline)
        return ChunkStream(body: response.body, dialect: .openai, provider: name)
    }

    public func embeddings(_ body: JSONObject, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> [UInt8] {
        var upstream = body
        upstream["model"] = .string(model)
        let response = try await client.post("/embeddings", body: JSON.object(upstream).serialized, deadline: deadline)
        return try await UpstreamClient.collect(response, provider: name)
    }

    public func shutdown() async {
        await client.shutdown()
    }
}
