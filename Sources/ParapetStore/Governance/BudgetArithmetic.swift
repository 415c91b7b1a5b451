/// The exact arithmetic every `BudgetLedger` does, shared so that implementations agree to the unit.
extension BudgetAmount {
    /// Whether neither component is negative: the only amounts a ledger accepts.
    public var isNonNegative: Bool { tokens >= 0 && costNanos >= 0 }

    /// The sum, or nil when a component overflows `Int64`.
    public func adding(_ other: BudgetAmount) -> BudgetAmount? {
        let (tokens, tokensOverflow) = tokens.addingReportingOverflow(other.tokens)
        let (cost, costOverflow) = costNanos.addingReportingOverflow(other.costNanos)
        guard !tokensOverflow, !costOverflow else { return nil }
        return BudgetAmount(tokens: tokens, costNanos: cost)
    }

    /// The difference, or nil when a component would go below zero (bookkeeping that does not add up).
    public func subtracting(_ other: BudgetAmount) -> BudgetAmount? {
        let (tokens, tokensOverflow) = tokens.subtractingReportingOverflow(other.tokens)
        let (cost, costOverflow) = costNanos.subtractingReportingOverflow(other.costNanos)
        guard !tokensOverflow, !costOverflow, tokens >= 0, cost >= 0 else { return nil }
        return BudgetAmount(tokens: tokens, costNanos: cost)
    }
}

extension BudgetCharge {
    /// Whether holding `amount` more keeps `balance` within this charge's limits:
    /// `spent + reserved + amount ≤ limit` for each limit that is set. A sum that overflows `Int64`
    /// does not fit.
    public func admits(_ amount: BudgetAmount, onto balance: BudgetBalance) -> Bool {
        Self.fits(balance.spent.tokens, balance.reserved.tokens, amount.tokens, under: tokenLimit)
            && Self.fits(balance.spent.costNanos, balance.reserved.costNanos, amount.costNanos, under: costLimitNanos)
    }

    private static func fits(_ spent: Int64, _ reserved: Int64, _ amount: Int64, under limit: Int64?) -> Bool {
        guard let limit else { return true }
        let (held, heldOverflow) = spent.addingReportingOverflow(reserved)
        let (total, totalOverflow) = held.addingReportingOverflow(amount)
        return !heldOverflow && !totalOverflow && total <= limit
    }

    /// The `.exceeded` answer for this charge.
    public func exceeded(by balance: BudgetBalance) -> BudgetReservation {
        .exceeded(account: account, balance: balance, limitTokens: tokenLimit, limitCostNanos: costLimitNanos)
    }
}

extension Array where Element == BudgetCharge {
    /// The `.exceeded` answer for the first charge (in order) that cannot hold `amount` on its
    /// account's `balance`, or nil when every charge admits it.
    public func firstExceeded(
        by amount: BudgetAmount, balance: (String) throws -> BudgetBalance
    ) rethrows -> BudgetReservation? {
        for charge in self {
            let current = try balance(charge.account)
            if !charge.admits(amount, onto: current) { return charge.exceeded(by: current) }
        }
        return nil
    }

    /// The accounts charged, each once, in first-seen order. Accounts are told apart by their
    /// UTF-8 bytes, as a database compares them.
    public var distinctAccounts: [String] {
        var seen: Set<[UInt8]> = []
        return compactMap { seen.insert([UInt8]($0.account.utf8)).inserted ? $0.account : nil }
    }
}
