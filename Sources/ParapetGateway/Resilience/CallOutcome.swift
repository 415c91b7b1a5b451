import ParapetCore

/// How one call to an upstream target ended, as the circuit breaker counts it.
public enum CallOutcome: String, Sendable, Hashable, CaseIterable {
    /// The call answered and the answer was usable.
    case success
    /// The call failed in a way that says the target is unhealthy: rate limit, 5xx, timeout,
    /// connection error.
    case failure
    /// The call "succeeded" at the HTTP level but the answer was unusable (malformed JSON, a cut
    /// stream). Counts as a failure in the window and also towards the consecutive-quality-failure
    /// trip.
    case qualityFailure
    /// Not the target's fault and not counted: client errors, content filters, context length,
    /// a caller that went away.
    case neutral
}

extension CallOutcome {
    /// The outcome the breaker should record for a provider error of this class.
    public init(_ kind: ProviderError.Kind) {
        switch kind {
        case .rateLimited, .serverError, .timeout, .connection:
            self = .failure
        case .malformedResponse:
            self = .qualityFailure
        case .contextLength, .contentFilter, .clientError:
            self = .neutral
        }
    }
}
