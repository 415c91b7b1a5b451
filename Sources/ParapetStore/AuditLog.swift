import Foundation

/// The append-only audit trail.
///
/// Implementers' duties (checked by `StoreConformance` in ParapetTesting):
/// - `append` is atomic: all entries of a call are sealed and stored in one transaction, or none.
///   It continues the chain from the last stored record (or from the retention anchor, or from
///   sequence 1 with a zero previous hash) by calling `sealer` inside that transaction, and stores
///   the checkpoints the sealer returns. When it returns, the records are durable.
/// - `records` is tenant-scoped and filtered as the query says, ordered by sequence.
/// - `scan` returns every tenant's records in sequence order, for verification and export.
/// - `deleteThrough` removes records up to and including `sequence` and every checkpoint before
///   it, keeping the checkpoint at `sequence` as the anchor of what remains; it refuses (conflict)
///   when there is no checkpoint at `sequence`.
/// - `callCounts` counts the tenant's gateway call records (see `AuditCallCounts`) with
///   `since <= time < until` (a nil bound is open), per route and per task type, exactly as
///   `AuditCallCounts.add` would over those records — in the store, without loading them (the
///   default implementation pages through `records` and is only for test doubles).
public protocol AuditLog: Sendable {
    func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord]
    func records(_ query: AuditQuery) async throws -> [AuditRecord]
    func record(id: String, tenant: String) async throws -> AuditRecord?
    func scan(after sequence: Int64, limit: Int) async throws -> [AuditRecord]
    func checkpoints() async throws -> [AuditCheckpoint]
    func lastRecord() async throws -> AuditRecord?
    @discardableResult
    func deleteThrough(sequence: Int64) async throws -> Int
    /// Gateway calls of `tenant` in the period, per route and per task type.
    func callCounts(tenant: String, since: Date?, until: Date?) async throws -> AuditCallCounts
}

extension AuditLog {
    /// Pages through `records` and counts: correct for any store, but it reads every record of
    /// the period; stores count in place.
    public func callCounts(tenant: String, since: Date?, until: Date?) async throws -> AuditCallCounts {
        var counts = AuditCallCounts()
        var query = AuditQuery(tenant: tenant, since: since, until: until, limit: 1_000)
        while true {
            let page = try await records(query)
            for record in page { counts.add(record.entry) }
            guard page.count == query.limit, let last = page.last else { return counts }
            query.after = last.sequence
        }
    }
}

/// An audit log that can also append on the calling thread, blocking it until the batch is durable
/// (an embedded database). `AuditWriter` runs such a log on a thread of its own: a group commit
/// then costs one thread wake-up instead of a chain of task and queue hand-offs.
///
/// `appendBlocking` has exactly `append`'s contract; it must not be called from a task of the
/// concurrency pool.
public protocol BlockingAuditAppending: AuditLog {
    func appendBlocking(_ entries: [AuditEntry], sealer: any AuditSealer) throws -> [AuditRecord]
}

/// The stores a server runs on; `ParapetSQLite` and (later) `ParapetPostgres` build one.
public struct ParapetStores: Sendable {
    public var keys: any KeyStore
    public var audit: any AuditLog
    public var policies: any PolicyStore
    public var budgets: any BudgetLedger
    public var cache: any ResponseCache
    public var idempotency: any IdempotencyStore
    public var switches: any SwitchStore
    public var reviews: any ReviewQueue

    public init(
        keys: any KeyStore, audit: any AuditLog, policies: any PolicyStore, budgets: any BudgetLedger, cache: any ResponseCache,
        idempotency: any IdempotencyStore, switches: any SwitchStore, reviews: any ReviewQueue
    ) {
        self.keys = keys
        self.audit = audit
        self.policies = policies
        self.budgets = budgets
        self.cache = cache
        self.idempotency = idempotency
        self.switches = switches
        self.reviews = reviews
    }

    /// Fresh in-memory stores, for tests and `--data :memory:`.
    public static func inMemory() -> ParapetStores {
        ParapetStores(
            keys: InMemoryKeyStore(), audit: InMemoryAuditLog(), policies: InMemoryPolicyStore(), budgets: InMemoryBudgetLedger(),
            cache: InMemoryResponseCache(), idempotency: InMemoryIdempotencyStore(), switches: InMemorySwitchStore(),
            reviews: InMemoryReviewQueue())
    }
}
