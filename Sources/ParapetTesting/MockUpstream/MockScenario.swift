/// How the mock upstream answers one request: a healthy answer or one named provider failure.
///
/// A scenario reaches the mock in one of four ways, first match wins: the `x-mock-scenario`
/// request header (``init(headerValue:)``), the queue (``MockUpstream/enqueue(_:)``), a model
/// named `mock-` followed by the header form (`"model":"mock-server_error"`), and the default
/// (``MockUpstream/defaultScenario``).
public enum MockScenario: Sendable, Equatable {
    /// A normal answer: `Mock answer: ` and the first 60 characters of the last user message.
    case ok
    /// A normal answer with exactly this text.
    case reply(String)
    /// HTTP 429, with `retry-after` (seconds) and `retry-after-ms` headers when `retryAfter` is set.
    case rateLimited(retryAfter: Double?)
    /// HTTP 500 (OpenAI `server_error`, Anthropic `api_error`).
    case serverError
    /// No answer for 60 s; ends early, without an answer, when the client disconnects or the
    /// mock stops.
    case timeout
    /// HTTP 200, `content-type: application/json`, and a body cut in half.
    case malformedJSON
    /// HTTP 400, the provider's content-filter error.
    case contentFilter
    /// HTTP 400, the provider's context-length error.
    case contextLength
    /// A stream whose chunks come `interval` apart; a non-streaming answer comes after `interval`.
    case slowStream(interval: Duration)
    /// A stream that sends two content chunks and then closes the connection without its
    /// terminator; a non-streaming answer closes the connection after half the body.
    case cutStream
    /// HTTP 200 with exactly this body, whatever the endpoint or `stream` flag: a scripted chat
    /// completion (with logprobs, tool calls or broken JSON content) for tests of what the gateway
    /// does with an answer. Has no header form.
    case completion(String)
    /// HTTP 307 to this URL, for tests that upstream redirects are not followed. Has no header form.
    case redirect(to: String)

    /// How long a ``timeout`` request waits before it answers anyway.
    public static let timeoutDuration: Duration = .seconds(60)

    /// Parses the header form: `ok`, `reply:TEXT`, `rate_limited`, `rate_limited;retry_after=1.5`,
    /// `server_error`, `timeout`, `malformed_json`, `content_filter`, `context_length`,
    /// `slow_stream;interval_ms=50`, `cut_stream`. Returns nil for anything else.
    public init?(headerValue: some StringProtocol) {
        if headerValue.hasPrefix("reply:") {
            self = .reply(String(headerValue.dropFirst("reply:".count)))
            return
        }
        let parts = headerValue.split(separator: ";", omittingEmptySubsequences: false)
        guard let name = parts.first?.trimmed else { return nil }
        var parameters: [Substring: Substring] = [:]
        for part in parts.dropFirst() {
            let pair = part.split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            parameters[pair[0].trimmed] = pair[1].trimmed
        }
        switch name {
        case "ok" where parameters.isEmpty: self = .ok
        case "rate_limited":
            guard parameters.keys.allSatisfy({ $0 == "retry_after" }) else { return nil }
            guard let text = parameters["retry_after"] else {
                self = .rateLimited(retryAfter: nil)
                return
            }
            guard let seconds = Double(text), seconds >= 0, seconds.isFinite else { return nil }
            self = .rateLimited(retryAfter: seconds)
        case "server_error" where parameters.isEmpty: self = .serverError
        case "timeout" where parameters.isEmpty: self = .timeout
        case "malformed_json" where parameters.isEmpty: self = .malformedJSON
        case "content_filter" where parameters.isEmpty: self = .contentFilter
        case "context_length" where parameters.isEmpty: self = .contextLength
        case "slow_stream":
            guard parameters.keys.allSatisfy({ $0 == "interval_ms" }) else { return nil }
            guard let text = parameters["interval_ms"] else {
                self = .slowStream(interval: .milliseconds(100))
                return
            }
            guard let milliseconds = Int(text), milliseconds >= 0 else { return nil }
            self = .slowStream(interval: .milliseconds(milliseconds))
        case "cut_stream" where parameters.isEmpty: self = .cutStream
        default: return nil
        }
    }

    /// The header form, which ``init(headerValue:)`` parses back (intervals in whole milliseconds);
    /// `completion` has none and gives its bare name.
    public var headerValue: String {
        switch self {
        case .ok: "ok"
        case .reply(let text): "reply:" + text
        case .rateLimited(nil): "rate_limited"
        case .rateLimited(let seconds?): "rate_limited;retry_after=\(seconds)"
        case .serverError: "server_error"
        case .timeout: "timeout"
        case .malformedJSON: "malformed_json"
        case .contentFilter: "content_filter"
        case .contextLength: "context_length"
        case .slowStream(let interval): "slow_stream;interval_ms=\(interval.wholeMilliseconds)"
        case .cutStream: "cut_stream"
        case .completion: "completion"
        case .redirect: "redirect"
        }
    }

    /// The scenario names without parameters, as `GET /v1/models` lists them (`mock-NAME`).
    public static let names = [
        "ok", "rate_limited", "server_error", "timeout", "malformed_json", "content_filter",
        "context_length", "slow_stream", "cut_stream",
    ]
}

extension Duration {
    /// Whole milliseconds, rounded down.
    var wholeMilliseconds: Int64 {
        let (seconds, attoseconds) = components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}

extension StringProtocol {
    fileprivate var trimmed: Substring {
        let text = Substring(self)
        guard let first = text.firstIndex(where: { $0 != " " }), let last = text.lastIndex(where: { $0 != " " }) else {
            return ""
        }
        return text[first...last]
    }
}
