/// A circuit breaker for one upstream target, as a pure state machine: time comes in as
/// instants, nothing sleeps, nothing is shared. ``BreakerBoard`` holds one per target for the
/// gateway.
///
/// - Closed: every call may go. Outcomes fill a sliding window; the breaker opens when the
///   failure ratio reaches ``Configuration/failureRatio`` over at least
///   ``Configuration/minimumCalls`` calls, or after ``Configuration/consecutiveQualityFailures``
///   quality failures in a row (HTTP 200 with an unusable answer).
/// - Open until an instant: no call may go. The first ``acquire(at:)`` at or after that instant
///   moves to half-open.
/// - Half-open: at most ``Configuration/halfOpenProbes`` probe calls at once. Any failed probe
///   re-opens with the open period doubled (capped at ``Configuration/maxOpenDuration``);
///   ``Configuration/successesToClose`` successful probes close it with a fresh window.
///
/// Every ``acquire(at:)`` that returns `true` must be followed by exactly one ``record(_:at:)``
/// or ``release(at:)``. Permits carry no identity: an outcome recorded while half-open counts as
/// a probe's when probes are in flight and is ignored otherwise (a straggler from before the
/// trip).
public struct CircuitBreaker: Sendable {
    /// Where the breaker stands.
    public enum State: Sendable, Hashable {
        /// Calls go; outcomes are counted.
        case closed
        /// No call may go before the instant.
        case open(until: ContinuousClock.Instant)
        /// A limited number of probe calls go; their outcomes close or re-open the breaker.
        case halfOpen
    }

    /// The configuration the breaker was made with.
    public let configuration: Configuration
    /// The current state. An open state whose instant has passed stays `.open` until the next
    /// ``acquire(at:)``; ``snapshot(at:)`` and ``isAvailable(at:)`` look through it.
    public private(set) var state: State = .closed
    /// How many times the breaker has opened (from closed or again from half-open).
    public private(set) var timesOpened = 0

    private(set) var window: CallWindow
    private(set) var qualityFailureRun = 0
    /// Probes in flight; always 0 unless half-open.
    private(set) var probesInFlight = 0
    private var probeSuccesses = 0
    /// The open period of the latest trip; doubled on each re-open from half-open.
    private var openDuration: Duration

    /// A closed breaker. The configuration should have passed ``Configuration/validated(at:)``;
    /// out-of-range values are clamped, never trapped on.
    public init(_ configuration: Configuration = Configuration()) {
        self.configuration = configuration
        window = CallWindow(window: configuration.window, buckets: configuration.buckets)
        openDuration = Self.baseOpenDuration(configuration)
    }

    /// Whether ``acquire(at:)`` would give a permit at `now`, without taking one.
    public func isAvailable(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed: true
        case .open(let until): now >= until
        case .halfOpen: probesInFlight < probeLimit
        }
    }

    /// Asks to make one call at `now`. Closed: always. Open: no until the open period has passed,
    /// then the breaker turns half-open. Half-open: only while fewer probes than the limit are in
    /// flight; the permit is a probe.
    public mutating func acquire(at now: ContinuousClock.Instant) -> Bool {
        switch state {
        case .closed:
            return true
        case .open(let until):
            guard now >= until else { return false }
            state = .halfOpen
            probesInFlight = 0
            probeSuccesses = 0
            return takeProbe()
        case .halfOpen:
            return takeProbe()
        }
    }

    /// Records how a permitted call ended at `now`.
    public mutating func record(_ outcome: CallOutcome, at now: ContinuousClock.Instant) {
        switch state {
        case .closed:
            recordClosed(outcome, at: now)
        case .open:
            // Calls that were in flight when the breaker tripped say nothing new.
            return
        case .halfOpen:
            guard probesInFlight > 0 else { return }
            probesInFlight -= 1
            switch outcome {
            case .neutral:
                return
            case .success:
                probeSuccesses += 1
                if probeSuccesses >= max(1, configuration.successesToClose) { close() }
            case .failure, .qualityFailure:
                openDuration = min(openDuration * 2, maxOpenDuration)
                open(at: now)
            }
        }
    }

    /// Gives a permit back without an outcome (the caller was cancelled, the request was refused
    /// before it reached the target). Frees a probe slot when half-open.
    public mutating func release(at now: ContinuousClock.Instant) {
        if case .halfOpen = state, probesInFlight > 0 { probesInFlight -= 1 }
    }

    private mutating func recordClosed(_ outcome: CallOutcome, at now: ContinuousClock.Instant) {
        switch outcome {
        case .neutral:
            return
        case .success:
            window.add(failed: false, at: now)
            qualityFailureRun = 0
            return
        case .failure:
            window.add(failed: true, at: now)
        case .qualityFailure:
            window.add(failed: true, at: now)
            qualityFailureRun += 1
        }
        let (calls, failures) = window.totals(at: now)
        let ratioTrips = calls >= max(1, configuration.minimumCalls)
            && Double(failures) >= configuration.failureRatio * Double(calls)
        if ratioTrips || qualityFailureRun >= max(1, configuration.consecutiveQualityFailures) {
            openDuration = Self.baseOpenDuration(configuration)
            open(at: now)
        }
    }

    private mutating func takeProbe() -> Bool {
        guard probesInFlight < probeLimit else { return false }
        probesInFlight += 1
        return true
    }

    private mutating func open(at now: ContinuousClock.Instant) {
        state = .open(until: now + openDuration)
        timesOpened += 1
        probesInFlight = 0
        probeSuccesses = 0
        qualityFailureRun = 0
    }

    private mutating func close() {
        state = .closed
        window.reset()
        qualityFailureRun = 0
        probesInFlight = 0
        probeSuccesses = 0
        openDuration = Self.baseOpenDuration(configuration)
    }

    private var probeLimit: Int { max(1, configuration.halfOpenProbes) }

    private var maxOpenDuration: Duration {
        max(configuration.maxOpenDuration, Self.baseOpenDuration(configuration))
    }

    private static func baseOpenDuration(_ configuration: Configuration) -> Duration {
        max(configuration.openDuration, .milliseconds(1))
    }
}
