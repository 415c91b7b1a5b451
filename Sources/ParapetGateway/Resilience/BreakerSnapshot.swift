/// A circuit breaker's state at one instant, for the admin API and metrics. Encodes with
/// snake_case keys: `{"state":"half_open","calls_in_window":12,…}`.
public struct BreakerSnapshot: Sendable, Hashable, Codable {
    /// The state as the admin API names it.
    public enum StateName: String, Sendable, Hashable, Codable {
        case closed
        case open
        case halfOpen = "half_open"
    }

    /// The state, looking through an open period that has passed (shown as half-open).
    public var state: StateName
    /// Counted calls (not neutral ones) in the sliding window.
    public var callsInWindow: Int
    /// Failures and quality failures among them.
    public var failuresInWindow: Int
    /// `failuresInWindow / callsInWindow`, 0 when there were no calls.
    public var failureRatio: Double
    /// Quality failures in a row since the last success.
    public var consecutiveQualityFailures: Int
    /// Seconds until an open breaker lets a probe through; `nil` unless open.
    public var secondsUntilRetry: Double?
    /// How many times the breaker has opened.
    public var timesOpened: Int
    /// Probes in flight while half-open.
    public var probesInFlight: Int

    /// A snapshot from its values; breakers make theirs with ``CircuitBreaker/snapshot(at:)``.
    public init(
        state: StateName, callsInWindow: Int, failuresInWindow: Int, failureRatio: Double,
        consecutiveQualityFailures: Int, secondsUntilRetry: Double?, timesOpened: Int, probesInFlight: Int
    ) {
        self.state = state
        self.callsInWindow = callsInWindow
        self.failuresInWindow = failuresInWindow
        self.failureRatio = failureRatio
        self.consecutiveQualityFailures = consecutiveQualityFailures
        self.secondsUntilRetry = secondsUntilRetry
        self.timesOpened = timesOpened
        self.probesInFlight = probesInFlight
    }

    enum CodingKeys: String, CodingKey {
        case state
        case callsInWindow = "calls_in_window"
        case failuresInWindow = "failures_in_window"
        case failureRatio = "failure_ratio"
        case consecutiveQualityFailures = "consecutive_quality_failures"
        case secondsUntilRetry = "seconds_until_retry"
        case timesOpened = "times_opened"
        case probesInFlight = "probes_in_flight"
    }
}
