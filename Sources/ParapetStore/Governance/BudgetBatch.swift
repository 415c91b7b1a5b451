import Foundation

/// One ledger operation of a batch.
public enum BudgetOperation: Sendable, Hashable {
    case reserve(id: String, amount: BudgetAmount, accounts: [BudgetCharge], expiresAt: Date)
    case settle(id: String, actual: BudgetAmount)
    case release(id: String)
}

/// What one operation of a batch returned.
public enum BudgetOutcome: Sendable, Hashable {
    case reservation(BudgetReservation)
    /// `settle` and `release`: whether the reservation was held.
    case done(Bool)
}

extension BudgetLedger {
    /// Applies the operations in order, each with the effect (and the errors) it has alone; one
    /// operation's error does not stop the others. Stores that can apply a batch in one
    /// transaction override this (a group commit); the default calls them one by one.
    public func apply(_ operations: [BudgetOperation]) async -> [Result<BudgetOutcome, any Error>] {
        var results: [Result<BudgetOutcome, any Error>] = []
        results.reserveCapacity(operations.count)
        for operation in operations {
            do {
                switch operation {
                case .reserve(let id, let amount, let accounts, let expiresAt):
                    results.append(.success(.reservation(try await reserve(id, amount: amount, on: accounts, expiresAt: expiresAt))))
                case .settle(let id, let actual):
                    results.append(.success(.done(try await settle(id, actual: actual))))
                case .release(let id):
                    results.append(.success(.done(try await release(id))))
                }
            } catch {
                results.append(.failure(error))
            }
        }
        return results
    }
}

/// A ledger whose stores can apply a batch of operations in one transaction.
public protocol BatchingBudgetLedger: BudgetLedger {
    func applyBatch(_ operations: [BudgetOperation]) async throws -> [Result<BudgetOutcome, any Error>]
}
