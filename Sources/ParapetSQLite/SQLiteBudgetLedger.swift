import Foundation
import GRDB
import ParapetStore

/// Budgets in SQLite: `budget_accounts` (one balance per account) and `budget_reservations` (one
/// row per account a reservation holds).
///
/// Every operation is one IMMEDIATE write transaction: it reads the balances it needs, checks
/// them and writes the new ones, so concurrent reservations are serialised and never overshoot a
/// limit. A reservation holds its amount once on each distinct account it names; a reservation on
/// no account holds nothing and is not kept (settling or releasing its id returns false).
/// Negative amounts are refused (`StoreError.unavailable`), so no balance can go below zero.
///
/// The transactions are committed without an fsync of their own (`writeUnsynced`): they survive
/// a crash of the process at once, and power loss from the next synced commit on — for a
/// settlement, the audit record of its call, which is durable before the response (ADR 0021).
public struct SQLiteBudgetLedger: BatchingBudgetLedger {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private struct Hold {
        var account: String
        var amount: BudgetAmount
    }

    public func reserve(_ id: String, amount: BudgetAmount, on accounts: [BudgetCharge], expiresAt: Date) async throws -> BudgetReservation {
        guard amount.isNonNegative else { throw Self.negative(amount) }
        let expires = try SQLiteValue.microseconds(expiresAt)
        return try await database.writeUnsynced("budget reserve") { db in try Self.reserve(db, id: id, amount: amount, accounts: accounts, expires: expires) }
    }

    private static func reserve(_ db: Database, id: String, amount: BudgetAmount, accounts: [BudgetCharge], expires: Int64) throws -> BudgetReservation {
        guard try holds(db, id: id).isEmpty else { throw StoreError(.conflict, "a budget reservation with this id is held") }
        if let exceeded = try accounts.firstExceeded(by: amount, balance: { try balance(db, $0) }) { return exceeded }
        for account in accounts.distinctAccounts {
            let current = try balance(db, account)
            guard let reserved = current.reserved.adding(amount) else {
                throw StoreError(.unavailable, "the reservations of budget \(account) would overflow")
            }
            try store(db, BudgetBalance(account: account, spent: current.spent, reserved: reserved))
            try db.cachedStatement(sql: "INSERT INTO budget_reservations (id, account, tokens, cost_nanos, expires_us) VALUES (?, ?, ?, ?, ?)")
                .execute(arguments: [SQLiteValue.text(id), SQLiteValue.text(account), amount.tokens, amount.costNanos, expires])
        }
        return .reserved
    }

    public func settle(_ id: String, actual: BudgetAmount) async throws -> Bool {
        guard actual.isNonNegative else { throw Self.negative(actual) }
        return try await database.writeUnsynced("budget settle") { db in try Self.drop(db, id: id, spending: actual) }
    }

    /// The operations in one transaction, each in its own savepoint: an operation that fails
    /// leaves no trace and does not stop the others.
    public func applyBatch(_ operations: [BudgetOperation]) async throws -> [Result<BudgetOutcome, any Error>] {
        try await database.writeUnsynced("budget batch") { db in
            var results: [Result<BudgetOutcome, any Error>] = []
            results.reserveCapacity(operations.count)
            for operation in operations {
                do {
                    var outcome = BudgetOutcome.done(false)
                    try db.inSavepoint {
                        outcome = try Self.apply(db, operation)
                        return .commit
                    }
                    results.append(.success(outcome))
                } catch {
                    results.append(.failure(SQLiteErrors.map(error, operation: "budget batch")))
                }
            }
            return results
        }
    }

    private static func apply(_ db: Database, _ operation: BudgetOperation) throws -> BudgetOutcome {
        switch operation {
        case .reserve(let id, let amount, let accounts, let expiresAt):
            guard amount.isNonNegative else { throw negative(amount) }
            return .reservation(try reserve(db, id: id, amount: amount, accounts: accounts, expires: try SQLiteValue.microseconds(expiresAt)))
        case .settle(let id, let actual):
            guard actual.isNonNegative else { throw negative(actual) }
            return .done(try drop(db, id: id, spending: actual))
        case .release(let id):
            return .done(try drop(db, id: id, spending: .zero))
        }
    }

    public func release(_ id: String) async throws -> Bool {
        try await database.writeUnsynced("budget release") { db in try Self.drop(db, id: id, spending: .zero) }
    }

    public func balance(_ account: String) async throws -> BudgetBalance {
        try await database.read("budget balance") { db in try Self.balance(db, account) }
    }

    public func expireReservations(before: Date) async throws -> Int {
        let time = try SQLiteValue.microseconds(before)
        return try await database.writeUnsynced("budget expiry") { db in
            // One row per account of a reservation: each reservation is dropped once, the rest of
            // its rows went with it. (No DISTINCT: it would steer SQLite off the expiry index.)
            let ids = try Row.fetchAll(db.cachedStatement(sql: "SELECT id FROM budget_reservations WHERE expires_us < ?"), arguments: [time])
                .map { try SQLiteRow(row: $0, table: "budget_reservations").string("id") }
            var expired = 0
            for id in ids {
                if try Self.drop(db, id: id, spending: .zero) { expired += 1 }
            }
            return expired
        }
    }

    /// Removes reservation `id` from `reserved` of each of its accounts and adds `spending` to
    /// their `spent`; false when no such reservation is held.
    private static func drop(_ db: Database, id: String, spending: BudgetAmount) throws -> Bool {
        let holds = try holds(db, id: id)
        guard !holds.isEmpty else { return false }
        for hold in holds {
            let current = try balance(db, hold.account)
            guard let reserved = current.reserved.subtracting(hold.amount) else {
                throw StoreError(.corrupted, "the reservations of budget \(hold.account) do not add up")
            }
            guard let spent = current.spent.adding(spending) else {
                throw StoreError(.unavailable, "the spending of budget \(hold.account) would overflow")
            }
            try store(db, BudgetBalance(account: hold.account, spent: spent, reserved: reserved))
        }
        try db.cachedStatement(sql: "DELETE FROM budget_reservations WHERE id = ?").execute(arguments: [SQLiteValue.text(id)])
        return true
    }

    private static func holds(_ db: Database, id: String) throws -> [Hold] {
        try Row.fetchAll(db.cachedStatement(sql: "SELECT account, tokens, cost_nanos FROM budget_reservations WHERE id = ?"), arguments: [SQLiteValue.text(id)]
        ).map { row in
            let r = SQLiteRow(row: row, table: "budget_reservations")
            return Hold(account: try r.string("account"), amount: BudgetAmount(tokens: try r.int64("tokens"), costNanos: try r.int64("cost_nanos")))
        }
    }

    private static func balance(_ db: Database, _ account: String) throws -> BudgetBalance {
        let row = try Row.fetchOne(
            db.cachedStatement(sql: "SELECT spent_tokens, spent_cost_nanos, reserved_tokens, reserved_cost_nanos FROM budget_accounts WHERE account = ?"),
            arguments: [SQLiteValue.text(account)])
        guard let row else { return BudgetBalance(account: account, spent: .zero, reserved: .zero) }
        let r = SQLiteRow(row: row, table: "budget_accounts")
        return BudgetBalance(
            account: account, spent: BudgetAmount(tokens: try r.int64("spent_tokens"), costNanos: try r.int64("spent_cost_nanos")),
            reserved: BudgetAmount(tokens: try r.int64("reserved_tokens"), costNanos: try r.int64("reserved_cost_nanos")))
    }

    private static func store(_ db: Database, _ balance: BudgetBalance) throws {
        try db.cachedStatement(sql: """
                INSERT INTO budget_accounts (account, spent_tokens, spent_cost_nanos, reserved_tokens, reserved_cost_nanos) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (account) DO UPDATE SET spent_tokens = excluded.spent_tokens, spent_cost_nanos = excluded.spent_cost_nanos,
                    reserved_tokens = excluded.reserved_tokens, reserved_cost_nanos = excluded.reserved_cost_nanos
                """).execute(arguments: [
                SQLiteValue.text(balance.account), balance.spent.tokens, balance.spent.costNanos, balance.reserved.tokens,
                balance.reserved.costNanos,
            ])
    }

    private static func negative(_ amount: BudgetAmount) -> StoreError {
        StoreError(.unavailable, "budget amounts cannot be negative (tokens \(amount.tokens), cost \(amount.costNanos) nanos)")
    }
}
