import Foundation
import ParapetSQLite
import ParapetStore
import ParapetTesting
import Testing

@Suite struct StoreConformanceTests {
    @Test func inMemoryStoresConform() async {
        let violations = await StoreConformance.run("in-memory") { ParapetStores.inMemory() }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: SQLiteConfiguration.Durability.allCases)
    func sqliteStoresConform(durability: SQLiteConfiguration.Durability) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var opened = 0
        let violations = await StoreConformance.run("sqlite (\(durability))") {
            opened += 1
            // A nested directory that does not exist yet: open must create it.
            return try SQLiteStores.open(SQLiteConfiguration(path: directory.path("run\(opened)/data/parapet.sqlite"), durability: durability))
        }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test func sqliteInMemoryStoresConform() async {
        let violations = await StoreConformance.run("sqlite :memory:") { try SQLiteStores.open(SQLiteConfiguration(path: ":memory:")) }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    /// The SQLite ledger without group commit (each operation its own transaction), and the
    /// group-commit wrapper over the in-memory ledger (the default one-by-one batch).
    @Test func budgetLedgersConformWithAndWithoutGroupCommit() async throws {
        let plain = await StoreConformance.run("sqlite ledger, no group commit") {
            let database = try SQLiteDatabase(SQLiteConfiguration(path: ":memory:"))
            var stores = SQLiteStores.stores(on: database)
            stores.budgets = SQLiteBudgetLedger(database: database)
            return stores
        }
        #expect(plain.isEmpty, "\(plain.map(\.description).joined(separator: "\n"))")
        let wrapped = await StoreConformance.run("in-memory ledger, group commit") {
            var stores = ParapetStores.inMemory()
            stores.budgets = GroupCommitLedger(InMemoryBatchingLedger())
            return stores
        }
        #expect(wrapped.isEmpty, "\(wrapped.map(\.description).joined(separator: "\n"))")
    }
}

/// The in-memory ledger behind the batching protocol, applying a batch one by one.
struct InMemoryBatchingLedger: BatchingBudgetLedger {
    let ledger = InMemoryBudgetLedger()
    func reserve(_ id: String, amount: BudgetAmount, on accounts: [BudgetCharge], expiresAt: Date) async throws -> BudgetReservation {
        try await ledger.reserve(id, amount: amount, on: accounts, expiresAt: expiresAt)
    }
    func settle(_ id: String, actual: BudgetAmount) async throws -> Bool { try await ledger.settle(id, actual: actual) }
    func release(_ id: String) async throws -> Bool { try await ledger.release(id) }
    func balance(_ account: String) async throws -> BudgetBalance { await ledger.balance(account) }
    func expireReservations(before: Date) async throws -> Int { try await ledger.expireReservations(before: before) }
    func applyBatch(_ operations: [BudgetOperation]) async throws -> [Result<BudgetOutcome, any Error>] { await ledger.apply(operations) }
}
