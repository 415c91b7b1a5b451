/// Where tool-call counters live: recorded calls per (tenant, counter, subject), counted over a
/// sliding window. The engine reads counts while evaluating and records calls that were allowed
/// or approved.
///
/// Implementer duties:
/// - Counts never cross tenants: `(tenant, counter, subject)` is the key.
/// - `count` answers the calls recorded at instants `t` with `now - window < t`, exactly, up to
///   at least `ToolCounterRule.maxLimit` calls per key (a store may stop counting beyond that).
/// - `record` must keep every call younger than the longest `window` it has been given for the
///   key; it may forget older ones.
/// - Both are called on the request path: answer in microseconds, never block on I/O for long
///   (a shared store keeps a local view and synchronises in the background).
/// - Memory is bounded: under pressure, forget the least recently used keys first.
///
/// `InMemoryToolCounterStore` is the in-process default; a PostgreSQL store will share counters
/// across gateways.
public protocol ToolCounterStore: Sendable {
    /// The calls recorded for the key in the window ending at `now`.
    func count(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant) -> Int

    /// Records one call at `now`; `window` is the counter's window (how long to keep the call).
    func record(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant)
}
