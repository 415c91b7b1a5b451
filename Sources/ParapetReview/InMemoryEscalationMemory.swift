import ParapetCore
import Synchronization

/// `EscalationMemory` in this process, behind a mutex, bounded: when either table exceeds
/// `capacity` entries the least recently remembered half is dropped.
public final class InMemoryEscalationMemory: EscalationMemory {
    private struct Key: Hashable {
        var tenant: String
        var first: String
        var second: String
    }

    private struct State {
        var tick: UInt64 = 0
        /// (tenant, user, task type) → when last remembered.
        var seen: [Key: UInt64] = [:]
        /// (tenant, subject, field) → the value and when it was remembered.
        var decisions: [Key: (value: JSON, tick: UInt64)] = [:]
    }

    private let state = Mutex(State())
    /// The most entries each table keeps before it is pruned.
    public let capacity: Int

    /// - Parameter capacity: entries per table (at least 2).
    public init(capacity: Int = 100_000) {
        self.capacity = max(2, capacity)
    }

    public func hasSeen(tenant: String, user: String, taskType: String) -> Bool {
        state.withLock { $0.seen[Key(tenant: tenant, first: user, second: taskType)] != nil }
    }

    public func lastDecision(tenant: String, subject: String, field: JSONFieldPath) -> JSON? {
        state.withLock { $0.decisions[Key(tenant: tenant, first: subject, second: field.description)]?.value }
    }

    public func remember(_ input: EscalationInput, decisionFields: [JSONFieldPath]) {
        var found: [(JSONFieldPath, JSON)] = []
        if input.subject != nil {
            for field in decisionFields {
                if let value = input.values(at: field).first { found.append((field, value)) }
            }
        }
        let capacity = self.capacity
        state.withLock { state in
            state.tick &+= 1
            let tick = state.tick
            if let user = input.user, let taskType = input.taskType {
                state.seen[Key(tenant: input.tenant, first: user, second: taskType)] = tick
                if state.seen.count > capacity { Self.prune(&state.seen, keep: capacity / 2) { $0 } }
            }
            if let subject = input.subject {
                for (field, value) in found {
                    state.decisions[Key(tenant: input.tenant, first: subject, second: field.description)] = (value, tick)
                }
                if state.decisions.count > capacity { Self.prune(&state.decisions, keep: capacity / 2) { $0.tick } }
            }
        }
    }

    /// Keeps the `keep` most recently remembered entries.
    private static func prune<Value>(_ table: inout [Key: Value], keep: Int, tick: (Value) -> UInt64) {
        let newest = table.sorted { tick($0.value) > tick($1.value) }.prefix(keep)
        table = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
    }
}
