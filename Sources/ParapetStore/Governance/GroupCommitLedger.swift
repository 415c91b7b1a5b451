import Foundation
import Synchronization

/// Group commit for a budget ledger: concurrent `reserve`, `settle` and `release` calls are
/// queued, and whoever finds no batch running applies everything queued so far as one batch (one
/// transaction for a ``BatchingBudgetLedger``), then the next batch, until the queue is empty.
/// Alone, an operation is applied at once; under load a transaction carries many. Each operation
/// keeps the semantics it has alone: batches are applied in order, operations within a batch in
/// order. Reads (`balance`) and `expireReservations` go straight to the ledger.
public final class GroupCommitLedger: BudgetLedger {
    private struct Pending {
        var operation: BudgetOperation
        var continuation: CheckedContinuation<BudgetOutcome, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var draining = false
    }

    public let ledger: any BatchingBudgetLedger
    private let maxBatch: Int
    private let state = Mutex(State())

    public init(_ ledger: any BatchingBudgetLedger, maxBatch: Int = 256) {
        self.ledger = ledger
        self.maxBatch = max(1, maxBatch)
    }

    public func reserve(_ id: String, amount: BudgetAmount, on accounts: [BudgetCharge], expiresAt: Date) async throws -> BudgetReservation {
        guard case .reservation(let reservation) = try await submit(.reserve(id: id, amount: amount, accounts: accounts, expiresAt: expiresAt)) else {
            throw StoreError(.corrupted, "the ledger answered a reservation with another outcome")
        }
        return reservation
    }

    public func settle(_ id: String, actual: BudgetAmount) async throws -> Bool {
        try Self.flag(try await submit(.settle(id: id, actual: actual)))
    }

    public func release(_ id: String) async throws -> Bool {
        try Self.flag(try await submit(.release(id: id)))
    }

    public func balance(_ account: String) async throws -> BudgetBalance {
        try await ledger.balance(account)
    }

    public func expireReservations(before: Date) async throws -> Int {
        try await ledger.expireReservations(before: before)
    }

    private static func flag(_ outcome: BudgetOutcome) throws -> Bool {
        guard case .done(let held) = outcome else { throw StoreError(.corrupted, "the ledger answered with an unexpected outcome") }
        return held
    }

    private func submit(_ operation: BudgetOperation) async throws -> BudgetOutcome {
        try await withCheckedThrowingContinuation { continuation in
            let lead = state.withLock { state -> Bool in
                state.queue.append(Pending(operation: operation, continuation: continuation))
                guard !state.draining else { return false }
                state.draining = true
                return true
            }
            if lead { Task { await self.drain() } }
        }
    }

    /// Applies batches until the queue is empty.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let n = min(maxBatch, state.queue.count)
                let batch = Array(state.queue.prefix(n))
                state.queue.removeFirst(n)
                if batch.isEmpty { state.draining = false }
                return batch
            }
            if batch.isEmpty { return }
            do {
                let results = try await ledger.applyBatch(batch.map(\.operation))
                for (index, pending) in batch.enumerated() {
                    if index < results.count {
                        pending.continuation.resume(with: results[index])
                    } else {
                        pending.continuation.resume(throwing: StoreError(.corrupted, "the ledger answered fewer operations than it was given"))
                    }
                }
            } catch {
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
