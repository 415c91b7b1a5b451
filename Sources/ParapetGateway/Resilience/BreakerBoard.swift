import Synchronization

/// One ``CircuitBreaker`` per upstream target id, shared by every request of the gateway.
/// A breaker is made on first use with the board's configuration.
public final class BreakerBoard: Sendable {
    /// The configuration every breaker on the board is made with.
    public let configuration: CircuitBreaker.Configuration
    private let breakers: Mutex<[String: CircuitBreaker]>

    /// An empty board. The configuration should have passed
    /// ``CircuitBreaker/Configuration/validated(at:)``.
    public init(configuration: CircuitBreaker.Configuration = CircuitBreaker.Configuration()) {
        self.configuration = configuration
        breakers = Mutex([:])
    }

    /// Whether a call to `target` would be let through at `now`, without taking a permit: the
    /// `isAvailable` an ``AttemptPlanner`` asks.
    public func isAvailable(_ target: String, at now: ContinuousClock.Instant) -> Bool {
        breakers.withLock { $0[target]?.isAvailable(at: now) ?? true }
    }

    /// Asks to make one call to `target`; see ``CircuitBreaker/acquire(at:)``.
    public func acquire(_ target: String, at now: ContinuousClock.Instant) -> Bool {
        update(target) { $0.acquire(at: now) }
    }

    /// Records how a permitted call to `target` ended; see ``CircuitBreaker/record(_:at:)``.
    public func record(_ outcome: CallOutcome, for target: String, at now: ContinuousClock.Instant) {
        update(target) { $0.record(outcome, at: now) }
    }

    /// Gives a permit for `target` back without an outcome; see ``CircuitBreaker/release(at:)``.
    public func release(_ target: String, at now: ContinuousClock.Instant) {
        update(target) { $0.release(at: now) }
    }

    /// The state of `target`'s breaker (`.closed` for a target never seen).
    public func state(of target: String) -> CircuitBreaker.State {
        breakers.withLock { $0[target]?.state ?? .closed }
    }

    /// The snapshot of `target`'s breaker at `now`.
    public func snapshot(of target: String, at now: ContinuousClock.Instant) -> BreakerSnapshot {
        breakers.withLock { ($0[target] ?? CircuitBreaker(configuration)).snapshot(at: now) }
    }

    /// The snapshot of every breaker on the board at `now`, by target id.
    public func snapshots(at now: ContinuousClock.Instant) -> [String: BreakerSnapshot] {
        breakers.withLock { all in all.mapValues { breaker in breaker.snapshot(at: now) } }
    }

    private func update<Result: Sendable>(_ target: String, _ body: (inout CircuitBreaker) -> Result) -> Result {
        let configuration = configuration
        return breakers.withLock { body(&$0[target, default: CircuitBreaker(configuration)]) }
    }
}
