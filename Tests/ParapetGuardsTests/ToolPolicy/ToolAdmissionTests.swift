import ParapetCore
import Testing

@testable import ParapetGuards

/// Atomic check-and-count: `evaluate` only reads counters, so calls racing between it and
/// counting could all pass; `admit` counts under the store's lock and never overshoots.
@Suite struct ToolAdmissionTests {
    let t0 = ContinuousClock.now

    static func charge(_ subject: String = "u", max: Int = 3, tenant: String = "t") -> ToolCounterCharge {
        ToolCounterCharge(tenant: tenant, counter: "refund_order.refunds_per_day", subject: subject, window: .seconds(86_400), max: max)
    }

    @Test func storeAdmitsUpToMaxThenRefusesWithoutRecording() {
        let store = InMemoryToolCounterStore()
        for _ in 0..<3 { #expect(store.admit([Self.charge()], now: t0) == .admitted) }
        #expect(store.admit([Self.charge()], now: t0) == .full(index: 0, recorded: 3))
        #expect(store.count(tenant: "t", counter: "refund_order.refunds_per_day", subject: "u", window: .seconds(86_400), now: t0) == 3)
        #expect(store.size.events == 3)
        // Other subjects, other tenants and a later window have room.
        #expect(store.admit([Self.charge("v")], now: t0) == .admitted)
        #expect(store.admit([Self.charge(tenant: "other")], now: t0) == .admitted)
        #expect(store.admit([Self.charge()], now: t0 + .seconds(86_400)) == .admitted)
    }

    @Test func chargesOfOneAdmissionSucceedOrFailTogether() {
        let store = InMemoryToolCounterStore()
        // Two calls on the same key need two slots: 2 recorded + 2 > 3.
        _ = store.admit([Self.charge(), Self.charge()], now: t0)
        #expect(store.admit([Self.charge("w"), Self.charge(), Self.charge()], now: t0) == .full(index: 2, recorded: 2))
        #expect(store.count(tenant: "t", counter: "refund_order.refunds_per_day", subject: "w", window: .seconds(86_400), now: t0) == 0)
        #expect(store.admit([Self.charge("w"), Self.charge()], now: t0) == .admitted)
        #expect(store.size.events == 4)
    }

    @Test func releaseTakesBackExactlyTheAdmittedCalls() {
        let store = InMemoryToolCounterStore()
        _ = store.admit([Self.charge()], now: t0)
        let later = t0 + .seconds(5)
        _ = store.admit([Self.charge(), Self.charge("v")], now: later)
        store.release([Self.charge(), Self.charge("v")], now: later)
        #expect(store.count(tenant: "t", counter: "refund_order.refunds_per_day", subject: "u", window: .seconds(86_400), now: later) == 1)
        #expect(store.size == (1, 1))  // the emptied key is gone
        store.release([Self.charge()], now: later)  // nothing at that instant: a no-op
        #expect(store.size == (1, 1))
    }

    @Test func fiftyConcurrentRefundsAgainstMaxThreeAdmitExactlyThree() async throws {
        let engine = try ToolPolicyTests.engine()
        let intent = try ToolPolicyTests.refund()
        let allowed = await withTaskGroup(of: ToolDecisionOutcome.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    let now = ContinuousClock.now
                    return engine.admit(intent, engine.evaluate(intent, now: now), now: now).outcome
                }
            }
            var allowed = 0
            for await outcome in group where outcome == .allow { allowed += 1 }
            return allowed
        }
        #expect(allowed == 3)
        #expect(engine.evaluate(intent, now: .now).outcome == .review)  // over_limit: review
    }

    @Test func refusedAdmissionAddsTheCounterReason() throws {
        let engine = try ToolPolicyTests.engine()
        let intent = try ToolPolicyTests.refund()
        let decision = engine.evaluate(intent, now: t0)
        #expect(decision.outcome == .allow)
        for _ in 0..<3 { engine.record(intent, now: t0) }  // filled up after evaluate read the counter
        let admitted = engine.admit(intent, decision, now: t0)
        #expect(admitted.outcome == .review)
        #expect(admitted.reasons == [ToolDecisionReason(.counterExceeded, .review, "refunds_per_day: 3 calls in the last 24 h, at most 3 per user")])
        // Only allowed decisions are admitted.
        let denied = engine.evaluate(try ToolPolicyTests.refund(role: "customer"), now: t0)
        #expect(engine.admit(try ToolPolicyTests.refund(role: "customer"), denied, now: t0) == denied)
    }

    @Test func callsOfOneAnswerAddUpAndAreReleasedTogether() throws {
        let engine = try ToolPolicyTests.engine()
        let intent = try ToolPolicyTests.refund()
        engine.record(intent, now: t0)
        #expect(engine.admit([intent, intent], now: t0) == .admitted)
        guard case .refused(let call, let reason) = engine.admit([intent, intent], now: t0) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(call == 0)
        #expect(reason.message == "refunds_per_day: 3 calls in the last 24 h, at most 3 per user")
        let later = t0 + .seconds(60)
        engine.release([intent, intent], admittedAt: t0)
        #expect(engine.admit([intent, intent], now: later) == .admitted)
        engine.release([intent, intent], admittedAt: later)
        let other = try ToolPolicyTests.refund(user: "u-2")
        guard case .refused(let index, let second) = engine.admit([other, intent, intent, intent], now: later) else {
            Issue.record("expected a refusal")
            return
        }
        #expect(index == 3)
        #expect(second.message == "refunds_per_day: 1 calls in the last 24 h and 2 earlier in the same request, at most 3 per user")
        #expect(engine.evaluate(other, now: later).outcome == .allow)  // nothing of the refused batch was counted
    }

    @Test func toolsWithoutCountersAreAlwaysAdmitted() throws {
        let engine = try ToolPolicyTests.engine()
        let call = ToolCallIntent(tool: "delete_account", arguments: .object([:]), role: "admin", tenant: "acme")
        let undeclared = ToolCallIntent(tool: "transfer_funds", arguments: .object([:]), role: "admin", tenant: "acme")
        #expect(engine.admit([call, undeclared], now: t0) == .admitted)
    }
}
