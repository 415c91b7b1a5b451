import Synchronization

/// Tool-call counters in this process: the instants of recent calls per (tenant, counter,
/// subject), behind one lock (which makes `admit` atomic). Memory is bounded by `maxKeys` keys and `maxEvents` recorded
/// instants in total; when either is exceeded, keys whose calls have all left their window go
/// first, then the least recently recorded keys, down to 90% of the bound (so the sweep is rare).
/// Each key keeps at most `ToolCounterRule.maxLimit` instants (the newest), which is enough to
/// decide any configured counter exactly.
public final class InMemoryToolCounterStore: ToolCounterStore {
    private struct Key: Hashable {
        var tenant: String
        var counter: String
        var subject: String
    }

    private struct Calls {
        /// Ascending.
        var instants: [ContinuousClock.Instant]
        /// The longest window the key was recorded with.
        var retention: Duration
        var lastRecorded: ContinuousClock.Instant

        /// The first index whose instant is after `cutoff`.
        func firstIndex(after cutoff: ContinuousClock.Instant) -> Int {
            var low = 0
            var high = instants.count
            while low < high {
                let mid = (low + high) / 2
                if instants[mid] > cutoff { high = mid } else { low = mid + 1 }
            }
            return low
        }
    }

    private struct State {
        var calls: [Key: Calls] = [:]
        var events = 0
    }

    private let state = Mutex(State())
    private let maxKeys: Int
    private let maxEvents: Int
    private let maxEventsPerKey = ToolCounterRule.maxLimit

    /// A store holding at most `maxKeys` keys and `maxEvents` recorded calls (both at least 1).
    public init(maxKeys: Int = 100_000, maxEvents: Int = 1_000_000) {
        self.maxKeys = max(1, maxKeys)
        self.maxEvents = max(1, maxEvents)
    }

    /// How many keys and recorded calls are held (for tests and metrics).
    public var size: (keys: Int, events: Int) {
        state.withLock { ($0.calls.count, $0.events) }
    }

    public func count(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant) -> Int {
        let key = Key(tenant: tenant, counter: counter, subject: subject)
        return state.withLock { state in
            guard let calls = state.calls[key] else { return 0 }
            return calls.instants.count - calls.firstIndex(after: now - window)
        }
    }

    public func record(tenant: String, counter: String, subject: String, window: Duration, now: ContinuousClock.Instant) {
        let key = Key(tenant: tenant, counter: counter, subject: subject)
        state.withLock { state in
            insert(key, window: window, now: now, into: &state)
            if state.calls.count > maxKeys || state.events > maxEvents { Self.evict(&state, now: now, keys: maxKeys, events: maxEvents) }
        }
    }

    /// Counts and records under the one lock, so concurrent admissions cannot overshoot.
    public func admit(_ charges: [ToolCounterCharge], now: ContinuousClock.Instant) -> ToolCounterAdmission {
        guard !charges.isEmpty else { return .admitted }
        let keys = charges.map { Key(tenant: $0.tenant, counter: $0.counter, subject: $0.subject) }
        return state.withLock { state in
            for (index, charge) in charges.enumerated() {
                let recorded = state.calls[keys[index]].map { $0.instants.count - $0.firstIndex(after: now - charge.window) } ?? 0
                // A later charge on the same key needs room for the earlier ones too.
                let earlier = keys[..<index].reduce(0) { $1 == keys[index] ? $0 + 1 : $0 }
                if recorded + earlier + 1 > charge.max { return .full(index: index, recorded: recorded) }
            }
            for (index, charge) in charges.enumerated() { insert(keys[index], window: charge.window, now: now, into: &state) }
            if state.calls.count > maxKeys || state.events > maxEvents { Self.evict(&state, now: now, keys: maxKeys, events: maxEvents) }
            return .admitted
        }
    }

    public func release(_ charges: [ToolCounterCharge], now: ContinuousClock.Instant) {
        state.withLock { state in
            for charge in charges {
                let key = Key(tenant: charge.tenant, counter: charge.counter, subject: charge.subject)
                guard var calls = state.calls[key] else { continue }
                let index = calls.firstIndex(after: now) - 1
                guard index >= 0, calls.instants[index] == now else { continue }
                calls.instants.remove(at: index)
                state.events -= 1
                state.calls[key] = calls.instants.isEmpty ? nil : calls
            }
        }
    }

    /// Appends `now` to the key's calls (in order), forgetting calls older than the key's
    /// longest window and calls beyond `maxEventsPerKey`.
    private func insert(_ key: Key, window: Duration, now: ContinuousClock.Instant, into state: inout State) {
        var calls = state.calls.removeValue(forKey: key) ?? Calls(instants: [], retention: window, lastRecorded: now)
        calls.retention = max(calls.retention, window)
        let before = calls.instants.count
        let expired = calls.firstIndex(after: now - calls.retention)
        if expired > 0 { calls.instants.removeFirst(expired) }
        // Calls arrive in order almost always; a late one is inserted in place.
        if let last = calls.instants.last, last > now {
            calls.instants.insert(now, at: calls.firstIndex(after: now))
        } else {
            calls.instants.append(now)
        }
        if calls.instants.count > maxEventsPerKey { calls.instants.removeFirst(calls.instants.count - maxEventsPerKey) }
        calls.lastRecorded = max(calls.lastRecorded, now)
        state.events += calls.instants.count - before
        state.calls[key] = calls
    }

    /// Drops keys with nothing left in their window, then the least recently recorded keys,
    /// until both counts are at most 90% of their bound.
    private static func evict(_ state: inout State, now: ContinuousClock.Instant, keys: Int, events: Int) {
        let keyTarget = keys - keys / 10
        let eventTarget = events - events / 10
        state.calls = state.calls.filter { _, calls in
            guard let last = calls.instants.last else { return false }
            return last > now - calls.retention
        }
        state.events = state.calls.values.reduce(0) { $0 + $1.instants.count }
        guard state.calls.count > keyTarget || state.events > eventTarget else { return }
        let byAge = state.calls.sorted { $0.value.lastRecorded < $1.value.lastRecorded }
        for (key, calls) in byAge {
            guard state.calls.count > keyTarget || state.events > eventTarget else { break }
            state.events -= calls.instants.count
            state.calls[key] = nil
        }
    }
}
