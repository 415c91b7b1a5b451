import ParapetCore

/// Why a call to a provider failed, classified so the router can apply the retry policy of the
/// class (see the seeds' retry table): rate limits back off and retry, server errors and
/// timeouts move on, client errors and content filters do not retry.
public struct ProviderError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// HTTP 429 or a provider's overload signal; `retryAfter` when the provider said how long.
        case rateLimited = "rate_limited"
        /// HTTP 5xx (other than overload).
        case serverError = "server_error"
        /// A deadline passed: connect, time to first token, or total.
        case timeout
        /// The connection could not be made or broke before an answer.
        case connection
        /// The prompt does not fit the model's context window.
        case contextLength = "context_length_exceeded"
        /// The provider refused on content grounds.
        case contentFilter = "content_filter"
        /// HTTP 200 whose body is not what the API promises (bad JSON, missing fields, a cut
        /// stream): a quality failure for the circuit breaker.
        case malformedResponse = "malformed_response"
        /// HTTP 4xx caused by the request itself (bad parameters, unknown model, auth): returned
        /// to the caller as is, never retried.
        case clientError = "client_error"
    }

    public var kind: Kind
    /// What happened, for logs and the caller's error message; never contains credentials.
    public var message: String
    /// The upstream HTTP status, when there was one.
    public var status: Int?
    /// How long the provider asked us to wait (`retry-after` / `retry-after-ms`), in seconds.
    public var retryAfter: Double?
    /// The provider's error body when it was JSON in OpenAI's error shape, passed to the caller for
    /// client errors.
    public var upstreamBody: [UInt8]?

    public init(_ kind: Kind, _ message: String, status: Int? = nil, retryAfter: Double? = nil, upstreamBody: [UInt8]? = nil) {
        self.kind = kind
        self.message = message
        self.status = status
        self.retryAfter = retryAfter
        self.upstreamBody = upstreamBody
    }

    public var description: String {
        var text = "\(kind.rawValue): \(message)"
        if let status { text += " (HTTP \(status))" }
        return text
    }
}
