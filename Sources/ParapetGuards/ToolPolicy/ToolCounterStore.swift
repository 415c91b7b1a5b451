/// Where tool-call counters live: recorded calls per (tenant, counter, subject), counted over a
/// sliding window. The engine reads counts while evaluating; calls about to run are admitted
/// (checked and counted in one step), calls a person approved are recorded.
///
/// Implementer duties:
/// - Counts never cross tenants: `(tenant, counter, subject)` is the key.
/// - `count` answers the calls recorded at instants `t` with `now - window < t`, exactly, up to
///   at least `ToolCounterRule.maxLimit` calls per key (a store may stop counting beyond that).
/// - `admit` is atomic: concurrent admissions never leave a key with more than a charge's `max`
///   calls in its window that `admit` put there; charges of one admission succeed or fail
///   together. 50 concurrent admissions against `max: 3` admit exactly 3.
/// - `record` and `admit` must keep every call younger than the longest `window` they have been
///   given for the key; they may forget older ones.
/// - Every call is on the request path: answer in microseconds, never block on I/O for long
///   (a shared store keeps a local view and synchronises in the background, or does the check
///   and the increment in one round trip).
/// - Memory is bounded: under pressure, forget the least recently used keys first.
///
/// `InMemoryToolCounterStore` is the in-process default; a PostgreSQL store will share counters
/// across gateways.
public protocol ToolCounterStore: Sendable {
    /// The calls recorded for the key in the window ending at `now`.
    func count(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant) -> Int

    /// Records one call at `now`; `window` is the counter's window (how long to keep the call).
    func record(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant)

    /// Records one call at `now` on every charge's key if, with it, no key holds more than the
    /// charge's `max` calls in the charge's window (charges on the same key add up); otherwise
    /// records nothing. One atomic step.
    func admit(_ charges: [ToolCounterCharge], now: ContinuousClock.Instant) -> ToolCounterAdmission

    /// Forgets one call recorded at exactly `now` on each charge's key, if there is one: undoes
    /// an `admit` whose calls did not run after all.
    func release(_ charges: [ToolCounterCharge], now: ContinuousClock.Instant)
}

/// One call to be counted on one counter key, and the most calls the key may then hold.
public struct ToolCounterCharge: Sendable, Hashable {
    public var tenant: String
    public var counter: String
    public var subject: String
    /// The counter's sliding window.
    public var window: Duration
    /// The most calls the key may hold in the window, this one included.
    public var max: Int

    public init(tenant: String, counter: String, subject: String, window: Duration, max: Int) {
        self.tenant = tenant
        self.counter = counter
        self.subject = subject
        self.window = window
        self.max = max
    }
}

/// What `ToolCounterStore.admit` did.
public enum ToolCounterAdmission: Sendable, Equatable {
    /// Every charge was recorded.
    case admitted
    /// Nothing was recorded: the charge at `index` had no room; its key held `recorded` calls in
    /// the window (not counting earlier charges of the same admission).
    case full(index: Int, recorded: Int)
}
