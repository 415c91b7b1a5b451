import Foundation

/// An amount charged to a budget: tokens and cost in nano-USD (10⁻⁹ USD), integers so that
/// reservations, settlements and balances add up exactly.
public struct BudgetAmount: Sendable, Hashable {
    public var tokens: Int64
    public var costNanos: Int64

    public init(tokens: Int64, costNanos: Int64) {
        self.tokens = tokens
        self.costNanos = costNanos
    }

    public static let zero = BudgetAmount(tokens: 0, costNanos: 0)
}

/// One budget a call is charged to, with its limits. `account` names the budget and its period,
/// e.g. `t1/key/key_0123/day:2026-11-21`; the tenant is its first segment, so accounts of
/// different tenants never meet.
public struct BudgetCharge: Sendable, Hashable {
    public var account: String
    /// nil: tokens are not limited on this account.
    public var tokenLimit: Int64?
    /// nil: cost is not limited on this account.
    public var costLimitNanos: Int64?

    public init(account: String, tokenLimit: Int64?, costLimitNanos: Int64?) {
        self.account = account
        self.tokenLimit = tokenLimit
        self.costLimitNanos = costLimitNanos
    }
}

/// An account's state: what was spent (settled) and what is held by reservations in flight.
public struct BudgetBalance: Sendable, Hashable {
    public var account: String
    public var spent: BudgetAmount
    public var reserved: BudgetAmount

    public init(account: String, spent: BudgetAmount, reserved: BudgetAmount) {
        self.account = account
        self.spent = spent
        self.reserved = reserved
    }
}

/// The answer to a reservation.
public enum BudgetReservation: Sendable, Hashable {
    /// Held on every account.
    case reserved
    /// Nothing was held: this account (the first in the given order that does not fit) would
    /// exceed its limit; `balance` is its state at the time.
    case exceeded(account: String, balance: BudgetBalance, limitTokens: Int64?, limitCostNanos: Int64?)
}

/// Token and cost budgets with worst-case reservation: before a call its largest possible cost is
/// reserved on every budget it is charged to, atomically (all or none), so concurrent calls can
/// never overshoot a limit; afterwards the reservation is replaced by the real usage (`settle`)
/// or dropped (`release`).
///
/// Implementers' duties (checked by `StoreConformance`):
/// - `reserve` holds `amount` on every account iff for each account
///   `spent + reserved + amount ≤ limit` for both limits that are set; otherwise it changes
///   nothing and returns `.exceeded` for the first account (in the given order) that does not fit.
///   Concurrent `reserve` calls are serialisable: no interleaving lets the total exceed a limit.
/// - A reservation id is unique: reserving an id that is held throws `StoreError.conflict`.
/// - `settle` removes the reservation from `reserved` and adds `actual` to `spent` of each of its
///   accounts, exactly once (a second call, or an unknown id, returns false and changes nothing).
///   `actual` may exceed what was reserved: spending is recorded as it happened.
/// - `release` removes the reservation without spending (false for an unknown id).
/// - `expireReservations(before:)` releases reservations whose `expiresAt` is before the date
///   (left behind by a crash) and returns how many.
/// - An account nobody charged has a zero balance. Balances never go negative.
public protocol BudgetLedger: Sendable {
    func reserve(_ id: String, amount: BudgetAmount, on accounts: [BudgetCharge], expiresAt: Date) async throws -> BudgetReservation
    func settle(_ id: String, actual: BudgetAmount) async throws -> Bool
    func release(_ id: String) async throws -> Bool
    func balance(_ account: String) async throws -> BudgetBalance
    func expireReservations(before: Date) async throws -> Int
}
