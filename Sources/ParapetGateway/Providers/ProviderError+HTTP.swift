import AsyncHTTPClient
import NIOCore
import NIOHTTP1

extension ProviderError {
    /// Classifies a non-2xx upstream answer by status and, for 400-class answers, by the error
    /// code or message the OpenAI and Anthropic APIs use for context length and content filters.
    static func classify(status: Int, headers: HTTPHeaders, body: [UInt8], provider: String) -> ProviderError {
        let text = String(decoding: body.prefix(4_096), as: UTF8.self)
        let lowered = text.lowercased()
        let snippet = Self.snippet(text)
        switch status {
        case 429, 529:
            return ProviderError(.rateLimited, "\(provider) is rate limiting or overloaded: \(snippet)", status: status, retryAfter: retryAfter(headers))
        case 401, 403:
            // The provider refused our credentials: a gateway configuration problem, not the caller's.
            return ProviderError(.serverError, "\(provider) rejected the configured credentials", status: status)
        case 300...399:
            // Redirects are not followed (they would carry the credentials elsewhere): the
            // configured base URL is not the provider's final address.
            let location = headers.first(name: "location").map { " to \(Self.snippet($0))" } ?? ""
            return ProviderError(
                .serverError, "\(provider) answered with a redirect (HTTP \(status))\(location); redirects are not followed, set base_url to the final address",
                status: status)
        case 408:
            return ProviderError(.timeout, "\(provider) timed out the request", status: status)
        case 500...599:
            return ProviderError(.serverError, "\(provider) failed: \(snippet)", status: status, retryAfter: retryAfter(headers))
        default:
            if lowered.contains("context_length_exceeded") || lowered.contains("prompt is too long")
                || lowered.contains("maximum context length") || lowered.contains("context window")
            {
                return ProviderError(.contextLength, "the prompt does not fit \(provider)'s context window: \(snippet)", status: status, upstreamBody: body)
            }
            if lowered.contains("content_filter") || lowered.contains("content_policy_violation") || lowered.contains("content management policy") {
                return ProviderError(.contentFilter, "\(provider) refused the content: \(snippet)", status: status, upstreamBody: body)
            }
            return ProviderError(.clientError, "\(provider) refused the request: \(snippet)", status: status, upstreamBody: body)
        }
    }

    /// `retry-after-ms` (milliseconds) or `retry-after` (seconds; an HTTP date is ignored).
    static func retryAfter(_ headers: HTTPHeaders) -> Double? {
        if let ms = headers.first(name: "retry-after-ms").flatMap(Double.init), ms.isFinite, ms >= 0 { return ms / 1_000 }
        if let s = headers.first(name: "retry-after").flatMap(Double.init), s.isFinite, s >= 0 { return s }
        return nil
    }

    /// Maps transport errors: deadlines and read timeouts are `timeout`, the rest `connection`.
    static func transport(_ error: any Error, provider: String) -> ProviderError {
        if let error = error as? ProviderError { return error }
        if let http = error as? HTTPClientError {
            switch http {
            case .readTimeout, .deadlineExceeded, .connectTimeout, .writeTimeout:
                return ProviderError(.timeout, "\(provider): \(http)")
            case .cancelled:
                return ProviderError(.timeout, "\(provider): the request was cancelled at its deadline")
            default:
                return ProviderError(.connection, "\(provider): \(http)")
            }
        }
        if error is CancellationError { return ProviderError(.timeout, "\(provider): cancelled") }
        return ProviderError(.connection, "\(provider): \(error)")
    }

    /// One line, at most 200 characters, for messages.
    static func snippet(_ text: String) -> String {
        let line = text.split(whereSeparator: { $0 == "\n" || $0 == "\r" }).joined(separator: " ")
        return line.count > 200 ? String(line.prefix(200)) + "…" : line
    }
}
