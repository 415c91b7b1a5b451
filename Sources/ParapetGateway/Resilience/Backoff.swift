import ParapetCore

/// Exponential backoff with full jitter: retry `n` (from 0) waits a uniformly random time in
/// `0 ... min(cap, base × 2ⁿ)`, so clients that failed together do not retry together. A
/// provider's `retry-after` wins over the random delay, bounded by `cap`.
public struct Backoff: Sendable, Hashable {
    /// The ceiling of the first retry's delay.
    public var base: Duration
    /// The ceiling of every delay, `retry-after` included.
    public var cap: Duration

    public init(base: Duration, cap: Duration) {
        self.base = base
        self.cap = cap
    }

    /// The wait before retry number `attempt` (0 for the first retry). `retryAfter` (seconds)
    /// is used as is when present, finite and not negative, clamped to `cap`.
    public func delay(attempt: Int, retryAfter: Double?, using generator: inout some RandomNumberGenerator) -> Duration {
        let cap = max(cap, .zero)
        if let retryAfter, retryAfter.isFinite, retryAfter >= 0 {
            return .clampedSeconds(retryAfter, limit: cap)
        }
        let exponent = min(max(attempt, 0), 1_000)
        let ceiling = min(cap.inSeconds, max(base, .zero).inSeconds * Double(sign: .plus, exponent: exponent, significand: 1))
        let ceilingNanoseconds = Int64((max(ceiling, 0) * 1e9).rounded(.down))
        guard ceilingNanoseconds > 0 else { return .zero }
        return .nanoseconds(Int64.random(in: 0 ... ceilingNanoseconds, using: &generator))
    }

    /// The backoff itself if `base` is positive and `cap` at least `base`, otherwise every
    /// problem named under `path`.
    public func validated(at path: ConfigPath = "backoff") throws(ConfigErrors) -> Backoff {
        var errors: [ConfigError] = []
        if base <= .zero { errors.append(ConfigError(path.key("base"), "must be longer than zero, got \(base)")) }
        if cap < base { errors.append(ConfigError(path.key("cap"), "must be at least base (\(base)), got \(cap)")) }
        if cap > .seconds(3_600) { errors.append(ConfigError(path.key("cap"), "must be at most one hour, got \(cap)")) }
        if !errors.isEmpty { throw ConfigErrors(errors) }
        return self
    }
}
