import ParapetCore

/// A token bucket: holds up to `capacity`, refills at `capacity` per `period`, continuously.
/// Pure value; time is passed in.
public struct TokenBucket: Sendable, Hashable {
    public let capacity: Double
    /// Tokens added per second.
    public let refillPerSecond: Double
    public private(set) var available: Double
    private var updated: ContinuousClock.Instant

    public init(capacity: Int, period: Duration, now: ContinuousClock.Instant) {
        self.capacity = Double(max(1, capacity))
        let seconds = max(period.inSeconds, 0.001)
        self.refillPerSecond = self.capacity / seconds
        self.available = self.capacity
        self.updated = now
    }

    mutating func refill(_ now: ContinuousClock.Instant) {
        guard now > updated else { return }
        available = min(capacity, available + (now - updated).inSeconds * refillPerSecond)
        updated = now
    }

    /// Takes `amount` if it is there; otherwise takes nothing and returns how long until it would
    /// be (nil when `amount` exceeds the capacity: it never will be).
    public mutating func take(_ amount: Double, now: ContinuousClock.Instant) -> Duration? {
        refill(now)
        if amount <= available {
            available -= amount
            return .zero
        }
        guard amount <= capacity else { return nil }
        return .seconds((amount - available) / refillPerSecond)
    }

    /// Puts back `amount` (an over-estimate that was not used), up to the capacity.
    public mutating func refund(_ amount: Double, now: ContinuousClock.Instant) {
        refill(now)
        available = min(capacity, available + max(0, amount))
    }

    /// Takes `amount` even if it goes below zero (usage that exceeded its estimate).
    public mutating func charge(_ amount: Double, now: ContinuousClock.Instant) {
        refill(now)
        available -= max(0, amount)
    }
}
