import ParapetCore

extension CircuitBreaker {
    /// How a breaker judges a target. Build it, then call ``validated(at:)`` before use; a breaker
    /// given an invalid configuration clamps the values instead of trapping.
    public struct Configuration: Sendable, Hashable {
        /// How far back the failure ratio looks.
        public var window: Duration
        /// The window is kept in this many buckets, so memory is constant; a call is forgotten
        /// between `window - window / buckets` and `window` after it happened.
        public var buckets: Int
        /// Calls in the window needed before the failure ratio can trip the breaker.
        public var minimumCalls: Int
        /// Failures (including quality failures) over calls in the window that trip the breaker.
        public var failureRatio: Double
        /// Quality failures in a row (HTTP 200 with an unusable answer) that trip the breaker
        /// whatever the ratio. A success resets the run; plain failures and neutral outcomes don't.
        public var consecutiveQualityFailures: Int
        /// How long the breaker stays open the first time it trips from closed.
        public var openDuration: Duration
        /// Each re-open from half-open doubles the open period, up to this.
        public var maxOpenDuration: Duration
        /// Probe calls allowed at once while half-open.
        public var halfOpenProbes: Int
        /// Successful probes needed to close again.
        public var successesToClose: Int

        /// The defaults: a 30 s window in 10 buckets of 3 s, at least 10 calls before a 50 %
        /// failure ratio trips, 3 quality failures in a row trip, open for 30 s doubling to 5 min,
        /// one probe at a time and 2 successes to close.
        public init(
            window: Duration = .seconds(30),
            buckets: Int = 10,
            minimumCalls: Int = 10,
            failureRatio: Double = 0.5,
            consecutiveQualityFailures: Int = 3,
            openDuration: Duration = .seconds(30),
            maxOpenDuration: Duration = .seconds(300),
            halfOpenProbes: Int = 1,
            successesToClose: Int = 2
        ) {
            self.window = window
            self.buckets = buckets
            self.minimumCalls = minimumCalls
            self.failureRatio = failureRatio
            self.consecutiveQualityFailures = consecutiveQualityFailures
            self.openDuration = openDuration
            self.maxOpenDuration = maxOpenDuration
            self.halfOpenProbes = halfOpenProbes
            self.successesToClose = successesToClose
        }

        /// The configuration itself if every value makes sense, otherwise every problem, each
        /// named by its path under `path` (`routes[0].circuit_breaker.failure_ratio: …`).
        public func validated(at path: ConfigPath = "circuit_breaker") throws(ConfigErrors) -> Configuration {
            var errors: [ConfigError] = []
            func check(_ ok: Bool, _ key: String, _ message: String) {
                if !ok { errors.append(ConfigError(path.key(key), message)) }
            }
            check(window > .zero, "window", "must be longer than zero, got \(window)")
            check((1 ... 1_000).contains(buckets), "buckets", "must be between 1 and 1000, got \(buckets)")
            check(buckets < 1 || window / buckets > .zero, "buckets", "each bucket of the window must be longer than zero")
            check(minimumCalls >= 1, "minimum_calls", "must be at least 1, got \(minimumCalls)")
            check(failureRatio > 0 && failureRatio <= 1, "failure_ratio", "must be in (0, 1], got \(failureRatio)")
            check(consecutiveQualityFailures >= 1, "consecutive_quality_failures", "must be at least 1, got \(consecutiveQualityFailures)")
            check(openDuration > .zero, "open_duration", "must be longer than zero, got \(openDuration)")
            check(maxOpenDuration >= openDuration, "max_open_duration", "must be at least open_duration (\(openDuration)), got \(maxOpenDuration)")
            check(halfOpenProbes >= 1, "half_open_probes", "must be at least 1, got \(halfOpenProbes)")
            check(successesToClose >= 1, "successes_to_close", "must be at least 1, got \(successesToClose)")
            if !errors.isEmpty { throw ConfigErrors(errors) }
            return self
        }
    }
}
