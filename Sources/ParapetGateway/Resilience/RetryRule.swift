import ParapetCore

/// What the router does after a failure of one error class: retry the same target a few times
/// with backoff, then apply ``then``; or apply ``then`` at once.
public struct RetryRule: Sendable, Hashable {
    /// What happens once the same target may not be retried (any more).
    public enum Escalation: String, Sendable, Hashable, CaseIterable {
        /// Try the next available target in fallback order.
        case nextTarget = "next_target"
        /// Try the next available target whose context window is known and larger than the
        /// failing target's; give up when there is none.
        case nextTargetWithLargerContext = "next_target_with_larger_context"
        /// Give up and return the error to the caller.
        case fail
    }

    /// Retries on the target that failed before ``then`` applies; 0 for none. Counted over the
    /// consecutive attempts on one target, whatever their classes.
    public var sameTargetRetries: Int
    /// The wait before each same-target retry.
    public var backoff: Backoff
    /// The longest `retry-after` worth waiting for on the same target: when a provider asks for
    /// longer, ``then`` applies at once.
    public var maxRetryAfter: Duration
    /// What happens after the same-target retries.
    public var then: Escalation

    public init(sameTargetRetries: Int, backoff: Backoff, maxRetryAfter: Duration, then: Escalation) {
        self.sameTargetRetries = sameTargetRetries
        self.backoff = backoff
        self.maxRetryAfter = maxRetryAfter
        self.then = then
    }

    /// Retry the same target up to `retries` times with `backoff`, then apply `then`.
    public static func retrySameTarget(
        _ retries: Int, backoff: Backoff, maxRetryAfter: Duration = .seconds(20), then: Escalation = .nextTarget
    ) -> RetryRule {
        RetryRule(sameTargetRetries: retries, backoff: backoff, maxRetryAfter: maxRetryAfter, then: then)
    }

    /// Move to the next available target at once.
    public static var nextTarget: RetryRule { .escalate(.nextTarget) }

    /// Move at once to the next available target with a larger context window, or give up.
    public static var nextTargetWithLargerContext: RetryRule { .escalate(.nextTargetWithLargerContext) }

    /// Give up at once.
    public static var fail: RetryRule { .escalate(.fail) }

    private static func escalate(_ then: Escalation) -> RetryRule {
        RetryRule(sameTargetRetries: 0, backoff: Backoff(base: .zero, cap: .zero), maxRetryAfter: .zero, then: then)
    }

    /// The rule itself if its numbers make sense, otherwise every problem named under `path`.
    public func validated(at path: ConfigPath) throws(ConfigErrors) -> RetryRule {
        var errors: [ConfigError] = []
        if !(0 ... 10).contains(sameTargetRetries) {
            errors.append(ConfigError(path.key("retries"), "must be between 0 and 10, got \(sameTargetRetries)"))
        }
        if sameTargetRetries > 0 {
            do { _ = try backoff.validated(at: path.key("backoff")) } catch { errors += error.errors }
            if maxRetryAfter < .zero {
                errors.append(ConfigError(path.key("max_retry_after"), "must not be negative, got \(maxRetryAfter)"))
            }
        }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return self
    }
}
