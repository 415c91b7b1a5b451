import Foundation

/// Budgets in memory: for tests and throwaway servers.
///
/// A reservation holds its amount once on each distinct account it names; a reservation on no
/// account holds nothing and is not kept (settling or releasing its id returns false).
/// Negative amounts are refused (`StoreError.unavailable`) so that no balance can go below zero.
public actor InMemoryBudgetLedger: BudgetLedger {
    private struct Hold {
        var accounts: [String]
        var amount: BudgetAmount
        var expiresAt: Date
    }

    private var spent: [String: BudgetAmount] = [:]
    private var reserved: [String: BudgetAmount] = [:]
    private var holds: [String: Hold] = [:]

    public init() {}

    public func reserve(_ id: String, amount: BudgetAmount, on accounts: [BudgetCharge], expiresAt: Date) throws -> BudgetReservation {
        guard amount.isNonNegative else { throw Self.negative(amount) }
        guard holds[id] == nil else { throw StoreError(.conflict, "a budget reservation with this id is held") }
        if let exceeded = accounts.firstExceeded(by: amount, balance: balance) { return exceeded }
        let names = accounts.distinctAccounts
        var updated = reserved
        for name in names {
            guard let sum = (updated[name] ?? .zero).adding(amount) else {
                throw StoreError(.unavailable, "the reservations of budget \(name) would overflow")
            }
            updated[name] = sum
        }
        reserved = updated
        if !names.isEmpty { holds[id] = Hold(accounts: names, amount: amount, expiresAt: expiresAt) }
        return .reserved
    }

    public func settle(_ id: String, actual: BudgetAmount) throws -> Bool {
        guard actual.isNonNegative else { throw Self.negative(actual) }
        guard let hold = holds[id] else { return false }
        var updatedSpent = spent
        for name in hold.accounts {
            guard let sum = (updatedSpent[name] ?? .zero).adding(actual) else {
                throw StoreError(.unavailable, "the spending of budget \(name) would overflow")
            }
            updatedSpent[name] = sum
        }
        try drop(id, hold)
        spent = updatedSpent
        return true
    }

    public func release(_ id: String) throws -> Bool {
        guard let hold = holds[id] else { return false }
        try drop(id, hold)
        return true
    }

    public func balance(_ account: String) -> BudgetBalance {
        BudgetBalance(account: account, spent: spent[account] ?? .zero, reserved: reserved[account] ?? .zero)
    }

    public func expireReservations(before: Date) throws -> Int {
        let expired = holds.filter { $0.value.expiresAt < before }
        for (id, hold) in expired { try drop(id, hold) }
        return expired.count
    }

    /// Removes the hold and its amount from `reserved` of each of its accounts.
    private func drop(_ id: String, _ hold: Hold) throws {
        var updated = reserved
        for name in hold.accounts {
            guard let rest = (updated[name] ?? .zero).subtracting(hold.amount) else {
                throw StoreError(.corrupted, "the reservations of budget \(name) do not add up")
            }
            updated[name] = rest
        }
        reserved = updated
        holds[id] = nil
    }

    private static func negative(_ amount: BudgetAmount) -> StoreError {
        StoreError(.unavailable, "budget amounts cannot be negative (tokens \(amount.tokens), cost \(amount.costNanos) nanos)")
    }
}
