import ParapetCore

/// One ``RetryRule`` per ``ProviderError/Kind``: the whole retry and fallback table of a route.
public struct RetryPolicy: Sendable, Hashable {
    /// The rule for rate limits.
    public var rateLimited: RetryRule
    /// The rule for server errors.
    public var serverError: RetryRule
    /// The rule for timeouts.
    public var timeout: RetryRule
    /// The rule for connection errors.
    public var connection: RetryRule
    /// The rule for prompts longer than the context window.
    public var contextLength: RetryRule
    /// The rule for content-filter refusals.
    public var contentFilter: RetryRule
    /// The rule for malformed responses.
    public var malformedResponse: RetryRule
    /// The rule for client errors (must be ``RetryRule/fail``).
    public var clientError: RetryRule

    /// The standard table (see ``standard``) with any rule replaced.
    public init(
        rateLimited: RetryRule = .standardRateLimited,
        serverError: RetryRule = .retrySameTarget(1, backoff: Backoff(base: .milliseconds(500), cap: .seconds(10))),
        timeout: RetryRule = .nextTarget,
        connection: RetryRule = .retrySameTarget(1, backoff: Backoff(base: .milliseconds(100), cap: .seconds(1))),
        contextLength: RetryRule = .nextTargetWithLargerContext,
        contentFilter: RetryRule = .fail,
        malformedResponse: RetryRule = .nextTarget,
        clientError: RetryRule = .fail
    ) {
        self.rateLimited = rateLimited
        self.serverError = serverError
        self.timeout = timeout
        self.connection = connection
        self.contextLength = contextLength
        self.contentFilter = contentFilter
        self.malformedResponse = malformedResponse
        self.clientError = clientError
    }

    /// - rate limited: 2 retries on the same target, full jitter from 1 s capped at 60 s,
    ///   honouring `retry-after` up to 20 s, then the next target;
    /// - server error: 1 retry (0.5 s base, 10 s cap), then the next target;
    /// - timeout: the next target;
    /// - connection: 1 quick retry (0.1 s base, 1 s cap), then the next target;
    /// - context length: the next target with a larger context window, or fail;
    /// - content filter: fail (a refusal is deterministic);
    /// - malformed response: the next target;
    /// - client error: fail.
    public static var standard: RetryPolicy { RetryPolicy() }

    /// The rule for an error class.
    public subscript(kind: ProviderError.Kind) -> RetryRule {
        get {
            switch kind {
            case .rateLimited: rateLimited
            case .serverError: serverError
            case .timeout: timeout
            case .connection: connection
            case .contextLength: contextLength
            case .contentFilter: contentFilter
            case .malformedResponse: malformedResponse
            case .clientError: clientError
            }
        }
        set {
            switch kind {
            case .rateLimited: rateLimited = newValue
            case .serverError: serverError = newValue
            case .timeout: timeout = newValue
            case .connection: connection = newValue
            case .contextLength: contextLength = newValue
            case .contentFilter: contentFilter = newValue
            case .malformedResponse: malformedResponse = newValue
            case .clientError: clientError = newValue
            }
        }
    }

    /// The policy itself if every rule is valid, otherwise every problem, each rule named by its
    /// error class under `path` (`retry.rate_limited.backoff.cap: …`). A client error can never be
    /// retried: the request itself is wrong.
    public func validated(at path: ConfigPath = "retry") throws(ConfigErrors) -> RetryPolicy {
        var errors: [ConfigError] = []
        for kind in ProviderError.Kind.allCases {
            do { _ = try self[kind].validated(at: path.key(kind.rawValue)) } catch { errors += error.errors }
        }
        if clientError != .fail {
            errors.append(ConfigError(path.key(ProviderError.Kind.clientError.rawValue), "client errors are never retried; the rule must be fail"))
        }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return self
    }
}

extension RetryRule {
    /// Rate limits: back off on the same target twice, honouring `retry-after` up to 20 s.
    public static var standardRateLimited: RetryRule {
        .retrySameTarget(2, backoff: Backoff(base: .seconds(1), cap: .seconds(60)), maxRetryAfter: .seconds(20))
    }
}
