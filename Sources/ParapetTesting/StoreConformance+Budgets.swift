import Foundation
import ParapetStore

extension StoreConformance {
    static func tokens(_ tokens: Int64, nanos: Int64 = 0) -> BudgetAmount { BudgetAmount(tokens: tokens, costNanos: nanos) }

    static func balance(_ account: String, spent: BudgetAmount = .zero, reserved: BudgetAmount = .zero) -> BudgetBalance {
        BudgetBalance(account: account, spent: spent, reserved: reserved)
    }

    /// Reserve, settle, release, duplicate ids, limits (tokens, cost in nanos, none).
    static func budgetChecks(_ budgets: any BudgetLedger, _ log: Log) async throws {
        let later = date(microseconds: baseMicroseconds + 60_000_000)
        let a = BudgetCharge(account: "t1/key/key_a/day:2026-11-21", tokenLimit: 1_000, costLimitNanos: 10_000)
        let b = BudgetCharge(account: "t1/tenant/month:2026-11", tokenLimit: nil, costLimitNanos: nil)
        log.expectEqual(try await budgets.balance(a.account), balance(a.account), "an account nobody charged has a zero balance")

        log.expectEqual(try await budgets.reserve("r1", amount: tokens(100, nanos: 2_000), on: [a, b], expiresAt: later), .reserved, "reserve fits")
        log.expectEqual(
            try await budgets.balance(a.account), balance(a.account, reserved: tokens(100, nanos: 2_000)), "reserve holds on the first account")
        log.expectEqual(
            try await budgets.balance(b.account), balance(b.account, reserved: tokens(100, nanos: 2_000)), "reserve holds on every account")

        let c = BudgetCharge(account: "t1/key/key_c/day:2026-11-21", tokenLimit: nil, costLimitNanos: nil)
        await log.expectConflict("reserve refuses an id that is held") {
            _ = try await budgets.reserve("r1", amount: tokens(1), on: [c], expiresAt: later)
        }
        log.expectEqual(try await budgets.balance(c.account), balance(c.account), "a refused duplicate id holds nothing")
        log.expectEqual(
            try await budgets.balance(a.account), balance(a.account, reserved: tokens(100, nanos: 2_000)), "a refused duplicate id changes nothing")

        // Spending may exceed what was reserved: it is recorded as it happened.
        log.expect(try await budgets.settle("r1", actual: tokens(120, nanos: 2_500)), "settle of a held reservation is true")
        log.expectEqual(try await budgets.balance(a.account), balance(a.account, spent: tokens(120, nanos: 2_500)), "settle moves reserved to spent")
        log.expectEqual(try await budgets.balance(b.account), balance(b.account, spent: tokens(120, nanos: 2_500)), "settle charges every account")
        log.expect(!(try await budgets.settle("r1", actual: tokens(5))), "a second settle is false")
        log.expect(!(try await budgets.settle("nope", actual: tokens(5))), "settle of an unknown id is false")
        log.expect(!(try await budgets.release("r1")), "release after settle is false")
        log.expectEqual(try await budgets.balance(a.account), balance(a.account, spent: tokens(120, nanos: 2_500)), "a second settle changes nothing")

        log.expectEqual(try await budgets.reserve("r2", amount: tokens(50, nanos: 7), on: [a], expiresAt: later), .reserved, "reserve again")
        log.expect(try await budgets.release("r2"), "release of a held reservation is true")
        log.expectEqual(try await budgets.balance(a.account), balance(a.account, spent: tokens(120, nanos: 2_500)), "release spends nothing")
        log.expect(!(try await budgets.release("r2")), "a second release is false")
        log.expect(!(try await budgets.settle("r2", actual: tokens(1))), "settle after release is false")
        log.expect(!(try await budgets.release("nope")), "release of an unknown id is false")

        try await limitChecks(budgets, a, log)
        try await negativeChecks(budgets, log)
    }

    /// `a` has spent 120 tokens and 2 500 nanos of its 1 000 tokens and 10 000 nanos.
    private static func limitChecks(_ budgets: any BudgetLedger, _ a: BudgetCharge, _ log: Log) async throws {
        let later = date(microseconds: baseMicroseconds + 60_000_000)
        log.expectEqual(
            try await budgets.reserve("l1", amount: tokens(880), on: [a], expiresAt: later), .reserved, "reserving up to the token limit fits")
        let full = balance(a.account, spent: tokens(120, nanos: 2_500), reserved: tokens(880))
        log.expectEqual(
            try await budgets.reserve("l2", amount: tokens(1), on: [a], expiresAt: later), a.exceeded(by: full),
            "one token over the limit is exceeded, counting reservations in flight")
        log.expect(try await budgets.release("l1"), "release frees the tokens")
        log.expectEqual(
            try await budgets.reserve("l2", amount: tokens(1), on: [a], expiresAt: later), .reserved, "an id refused for the limit was not kept")
        log.expect(try await budgets.release("l2"), "release l2")
        log.expectEqual(
            try await budgets.reserve("l3", amount: tokens(0, nanos: 7_500), on: [a], expiresAt: later), .reserved, "cost up to the limit fits")
        log.expectEqual(
            try await budgets.reserve("l4", amount: tokens(0, nanos: 1), on: [a], expiresAt: later),
            a.exceeded(by: balance(a.account, spent: tokens(120, nanos: 2_500), reserved: tokens(0, nanos: 7_500))),
            "one nano over the cost limit is exceeded")
        log.expect(try await budgets.release("l3"), "release l3")

        let costOnly = BudgetCharge(account: "t2/key/key_x/day:2026-11-21", tokenLimit: nil, costLimitNanos: 5_000)
        let unlimited = BudgetCharge(account: "t2/tenant/month:2026-11", tokenLimit: nil, costLimitNanos: nil)
        let huge = tokens(1_000_000_000_000, nanos: 1_000_000_000_000)
        log.expectEqual(try await budgets.reserve("u1", amount: huge, on: [unlimited], expiresAt: later), .reserved, "nil limits are unlimited")
        log.expectEqual(
            try await budgets.reserve("u2", amount: tokens(1_000_000_000, nanos: 5_000), on: [costOnly], expiresAt: later), .reserved,
            "a nil token limit does not limit tokens")
        log.expectEqual(
            try await budgets.reserve("u3", amount: tokens(0, nanos: 1), on: [unlimited, costOnly], expiresAt: later),
            costOnly.exceeded(by: balance(costOnly.account, reserved: tokens(1_000_000_000, nanos: 5_000))), "the cost limit is in nanos")
        log.expectEqual(try await budgets.balance(unlimited.account), balance(unlimited.account, reserved: huge), "exceeded changes no other account")

        // All or none: the first account that does not fit is reported, no account is charged.
        let wide = BudgetCharge(account: "t3/a", tokenLimit: 100, costLimitNanos: nil)
        let narrow = BudgetCharge(account: "t3/b", tokenLimit: 10, costLimitNanos: nil)
        let tiny = BudgetCharge(account: "t3/c", tokenLimit: 5, costLimitNanos: nil)
        let free = BudgetCharge(account: "t3/d", tokenLimit: nil, costLimitNanos: nil)
        log.expectEqual(
            try await budgets.reserve("m1", amount: tokens(20), on: [wide, narrow, tiny], expiresAt: later),
            narrow.exceeded(by: balance(narrow.account)),
            "exceeded names the first account that does not fit")
        log.expectEqual(
            try await budgets.reserve("m1", amount: tokens(20), on: [free, wide, tiny, narrow], expiresAt: later),
            tiny.exceeded(by: balance(tiny.account)), "exceeded follows the given order")
        for charge in [wide, narrow, tiny, free] {
            log.expectEqual(try await budgets.balance(charge.account), balance(charge.account), "exceeded holds on no account (\(charge.account))")
        }
        log.expectEqual(try await budgets.reserve("m1", amount: tokens(20), on: [free, wide], expiresAt: later), .reserved, "a fitting set is held")
        log.expectEqual(try await budgets.balance(wide.account), balance(wide.account, reserved: tokens(20)), "held on each account")
        log.expectEqual(try await budgets.balance(free.account), balance(free.account, reserved: tokens(20)), "held on each account")
    }

    /// Whatever a store does with negative amounts (refuse them, say), no balance goes below zero.
    private static func negativeChecks(_ budgets: any BudgetLedger, _ log: Log) async throws {
        let later = date(microseconds: baseMicroseconds + 60_000_000)
        let account = BudgetCharge(account: "t4/key/neg", tokenLimit: nil, costLimitNanos: nil)
        _ = try? await budgets.reserve("n1", amount: tokens(-5, nanos: -5), on: [account], expiresAt: later)
        log.expectEqual(try await budgets.reserve("n2", amount: tokens(5, nanos: 5), on: [account], expiresAt: later), .reserved, "reserve n2")
        _ = try? await budgets.settle("n2", actual: tokens(-10, nanos: -10))
        let after = try await budgets.balance(account.account)
        let amounts = [after.spent.tokens, after.spent.costNanos, after.reserved.tokens, after.reserved.costNanos]
        log.expect(amounts.allSatisfy { $0 >= 0 }, "negative amounts never make a balance negative", "\(after)")
    }
}

extension StoreConformance {
    /// `expireReservations(before:)` releases what a crash left behind, by reservation.
    static func budgetExpiryChecks(_ budgets: any BudgetLedger, _ log: Log) async throws {
        let t = baseMicroseconds
        let x = BudgetCharge(account: "t1/key/x", tokenLimit: 100, costLimitNanos: nil)
        let y = BudgetCharge(account: "t1/tenant", tokenLimit: nil, costLimitNanos: 1_000)
        log.expectEqual(try await budgets.expireReservations(before: date(microseconds: t)), 0, "nothing to expire in a fresh ledger")
        log.expectEqual(
            try await budgets.reserve("e1", amount: tokens(10, nanos: 1), on: [x, y], expiresAt: date(microseconds: t + 10)), .reserved, "e1")
        log.expectEqual(
            try await budgets.reserve("e2", amount: tokens(20, nanos: 2), on: [x], expiresAt: date(microseconds: t + 20)), .reserved, "e2")
        log.expectEqual(
            try await budgets.reserve("e3", amount: tokens(30, nanos: 3), on: [y], expiresAt: date(microseconds: t + 30)), .reserved, "e3")

        log.expectEqual(
            try await budgets.expireReservations(before: date(microseconds: t + 20)), 1,
            "expireReservations counts reservations (not accounts) expiring strictly before the date")
        log.expectEqual(try await budgets.balance(x.account), balance(x.account, reserved: tokens(20, nanos: 2)), "expiry released e1 on x, kept e2")
        log.expectEqual(try await budgets.balance(y.account), balance(y.account, reserved: tokens(30, nanos: 3)), "expiry released e1 on y, kept e3")
        log.expect(!(try await budgets.settle("e1", actual: tokens(1))), "an expired reservation cannot be settled")
        log.expectEqual(try await budgets.expireReservations(before: date(microseconds: t + 20)), 0, "expiry is done once")
        log.expect(try await budgets.settle("e2", actual: tokens(15, nanos: 1)), "a reservation not yet expired settles")
        log.expectEqual(try await budgets.expireReservations(before: date(microseconds: t + 31)), 1, "expire the rest")
        log.expectEqual(try await budgets.balance(x.account), balance(x.account, spent: tokens(15, nanos: 1)), "expiry spends nothing (x)")
        log.expectEqual(try await budgets.balance(y.account), balance(y.account), "expiry spends nothing (y)")
    }

    /// 200 concurrent reservations of 10 tokens against a tenant limit of 500 (and four key
    /// budgets of 200): exactly 50 fit, held on both accounts or neither; settling each twice,
    /// concurrently, spends each once.
    static func budgetConcurrencyChecks(_ budgets: any BudgetLedger, _ log: Log) async throws {
        let later = date(microseconds: baseMicroseconds + 60_000_000)
        let tenant = BudgetCharge(account: "t1/tenant/day", tokenLimit: 500, costLimitNanos: nil)
        let keys = (0..<4).map { BudgetCharge(account: "t1/key/k\($0)/day", tokenLimit: 200, costLimitNanos: nil) }
        let results = await withTaskGroup(of: (String, Result<BudgetReservation, any Error>).self) { group in
            for task in 0..<200 {
                group.addTask {
                    let id = "c\(task)"
                    let charges = [tenant, keys[task % keys.count]]
                    do { return (id, .success(try await budgets.reserve(id, amount: tokens(10, nanos: 3), on: charges, expiresAt: later))) } catch {
                        return (id, .failure(error))
                    }
                }
            }
            var results: [(String, Result<BudgetReservation, any Error>)] = []
            for await result in group { results.append(result) }
            return results
        }
        var held: [String] = []
        for (id, result) in results {
            switch result {
            case .success(.reserved): held.append(id)
            case .success(.exceeded): break
            case .failure(let error): log.fail("concurrent reservations succeed", "\(id): \(error)")
            }
        }
        log.expectEqual(held.count, 50, "exactly as many concurrent reservations fit as the limit allows")
        log.expectEqual(
            try await budgets.balance(tenant.account), balance(tenant.account, reserved: tokens(500, nanos: 150)), "concurrent reservations add up")
        var keyReserved: Int64 = 0
        for key in keys { keyReserved += try await budgets.balance(key.account).reserved.tokens }
        log.expectEqual(keyReserved, 500, "concurrent reservations are held on every account or none")

        let settles = await withTaskGroup(of: Result<Bool, any Error>.self) { group in
            for id in held + held {
                group.addTask {
                    do { return .success(try await budgets.settle(id, actual: tokens(7, nanos: 2))) } catch { return .failure(error) }
                }
            }
            var results: [Result<Bool, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        for case .failure(let error) in settles { log.fail("concurrent settles succeed", "\(error)") }
        let settled = settles.filter { if case .success(true) = $0 { true } else { false } }.count
        log.expectEqual(settled, held.count, "concurrent double settles settle each reservation once")
        log.expectEqual(
            try await budgets.balance(tenant.account), balance(tenant.account, spent: tokens(350, nanos: 100)), "concurrent settles add up exactly")
        var keySpent = BudgetAmount.zero
        for key in keys {
            let current = try await budgets.balance(key.account)
            keySpent = BudgetAmount(tokens: keySpent.tokens + current.spent.tokens, costNanos: keySpent.costNanos + current.spent.costNanos)
            log.expectEqual(current.reserved, .zero, "nothing stays reserved after settling (\(key.account))")
        }
        log.expectEqual(keySpent, tokens(350, nanos: 100), "concurrent settles charge every account")
    }
}
