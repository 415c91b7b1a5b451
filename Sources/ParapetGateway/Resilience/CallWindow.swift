/// Calls and failures over a sliding time window, kept in a fixed ring of buckets.
struct CallWindow: Sendable, Hashable {
    private struct Bucket: Sendable, Hashable {
        var epoch: Int64 = .min
        var calls = 0
        var failures = 0
    }

    private var buckets: [Bucket]
    private let width: Duration
    /// Bucket epochs count bucket widths from the first instant the window saw.
    private var origin: ContinuousClock.Instant?

    init(window: Duration, buckets count: Int) {
        let count = max(1, count)
        buckets = Array(repeating: Bucket(), count: count)
        width = max(window / count, .nanoseconds(1))
    }

    /// Counts one call (and a failure when `failed`) at `now`. A call older than the window is
    /// dropped.
    mutating func add(failed: Bool, at now: ContinuousClock.Instant) {
        let epoch = anchoredEpoch(of: now)
        let slot = Int(epoch % Int64(buckets.count))
        if buckets[slot].epoch > epoch { return }
        if buckets[slot].epoch < epoch { buckets[slot] = Bucket(epoch: epoch) }
        buckets[slot].calls += 1
        if failed { buckets[slot].failures += 1 }
    }

    /// Calls and failures in the window ending at `now`.
    func totals(at now: ContinuousClock.Instant) -> (calls: Int, failures: Int) {
        guard origin != nil else { return (0, 0) }
        let current = epoch(of: now)
        let oldest = current - Int64(buckets.count) + 1
        var calls = 0
        var failures = 0
        for bucket in buckets where bucket.epoch >= oldest && bucket.epoch <= current {
            calls += bucket.calls
            failures += bucket.failures
        }
        return (calls, failures)
    }

    /// Forgets every call.
    mutating func reset() {
        for index in buckets.indices { buckets[index] = Bucket() }
    }

    /// The epoch of `now`, taking `now` as the origin when the window has not seen a call yet.
    private mutating func anchoredEpoch(of now: ContinuousClock.Instant) -> Int64 {
        if origin == nil { origin = now }
        return epoch(of: now)
    }

    private func epoch(of now: ContinuousClock.Instant) -> Int64 {
        guard let origin, now > origin else { return 0 }
        let ratio = (now - origin) / width
        guard ratio.isFinite, ratio < 4e18 else { return Int64(4e18) }
        return Int64(ratio.rounded(.down))
    }
}
