/// What `ToolPolicyEngine.admit` did with a set of calls.
public enum ToolAdmission: Sendable, Equatable {
    /// Every call was counted (or none has a counter).
    case admitted
    /// Nothing was counted: a counter of the call at index `call` had no room left. `reason` is
    /// the `counter_exceeded` reason (with the tool's `over_limit` outcome) for that call.
    case refused(call: Int, reason: ToolDecisionReason)
}

extension ToolPolicyEngine {
    /// Counts `intents` — calls that were allowed and are about to run — against their tools'
    /// counters at `now`, in one atomic step of the counter store: either every counter of every
    /// call has room (calls of the same tool in one batch add up) and all are counted, or none
    /// is. This closes the race between `evaluate` (which only reads counters) and counting:
    /// 50 concurrent calls against `max: 3` admit exactly 3. Skips what `record` skips
    /// (undeclared tools, per-user counters without a user).
    public func admit(_ intents: [ToolCallIntent], now: ContinuousClock.Instant) -> ToolAdmission {
        let (charges, owners) = charges(for: intents)
        switch counters.admit(charges, now: now) {
        case .admitted:
            return .admitted
        case .full(let index, let recorded):
            let (call, counter, overLimit) = owners[index]
            let earlier = charges[..<index].filter { $0 == charges[index] }.count
            var message = "\(counter.name): \(recorded) calls in the last \(Self.describe(counter.window))"
            if earlier > 0 { message += " and \(earlier) earlier in the same request" }
            message += ", at most \(counter.max) per \(counter.scope.rawValue)"
            return .refused(call: call, reason: ToolDecisionReason(.counterExceeded, overLimit, message))
        }
    }

    /// `decision` for `intent` after admission: unchanged unless it allows the call; an allowed
    /// call is counted atomically (`admit`), and when a counter filled up since `evaluate`
    /// read it, the decision gains that `counter_exceeded` reason and nothing is counted.
    public func admit(_ intent: ToolCallIntent, _ decision: ToolDecision, now: ContinuousClock.Instant) -> ToolDecision {
        guard decision.outcome == .allow else { return decision }
        guard case .refused(_, let reason) = admit([intent], now: now) else { return decision }
        var decision = decision
        decision.add(reason)
        return decision
    }

    /// Takes back what `admit(intents, now:)` counted, when the calls did not run after all (the
    /// answer carrying them was blocked or held later on). Pass the same intents and instant.
    public func release(_ intents: [ToolCallIntent], admittedAt now: ContinuousClock.Instant) {
        counters.release(charges(for: intents).charges, now: now)
    }

    /// One charge per counter of every call, with the call's index, the counter and the tool's
    /// over-limit outcome.
    private func charges(for intents: [ToolCallIntent]) -> (charges: [ToolCounterCharge], owners: [(Int, ToolCounterRule, ToolDecisionOutcome)]) {
        var charges: [ToolCounterCharge] = []
        var owners: [(Int, ToolCounterRule, ToolDecisionOutcome)] = []
        for (index, intent) in intents.enumerated() {
            guard let rule = policy.tools[intent.tool] else { continue }
            for counter in rule.counters {
                guard let subject = Self.subject(of: counter, intent) else { continue }
                charges.append(
                    ToolCounterCharge(tenant: intent.tenant, counter: counter.storeKey, subject: subject, window: counter.window, max: counter.max))
                owners.append((index, counter, rule.overLimit))
            }
        }
        return (charges, owners)
    }
}
