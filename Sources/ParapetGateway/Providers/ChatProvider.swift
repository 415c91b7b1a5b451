import ParapetCore

/// An upstream that serves chat completions, in OpenAI's shape whatever its own API is: the
/// gateway's lingua franca. Providers translate on their side of this protocol.
public protocol ChatProvider: Sendable {
    var name: String { get }
    /// The longest one call may take (the route's deadline may end it sooner).
    var totalTimeout: Duration { get }

    /// A non-streaming completion from `model`, finished before `deadline`.
    func complete(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChatCompletion

    /// A streaming completion: returns once the upstream accepted the call (HTTP 2xx); chunks then
    /// come from the stream. A stream that ends without the API's terminator throws
    /// `malformedResponse` from `next()`, so a cut stream is never mistaken for a finished one.
    func stream(_ request: ChatRequest, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> ChunkStream

    /// Embeddings passthrough (OpenAI shape): the upstream's JSON body.
    func embeddings(_ body: JSONObject, model: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> [UInt8]

    /// Closes pooled connections.
    func shutdown() async
}
