import Testing
@testable import ParapetGateway

private let origin = ContinuousClock.now
private func at(_ seconds: Double) -> ContinuousClock.Instant {
    origin.advanced(by: .milliseconds(Int64((seconds * 1_000).rounded())))
}

private let everyone: @Sendable (String) -> Bool = { _ in true }

/// A planner over targets `a`, `b`, `c`, … with a 60 s deadline unless told.
private func planner(
    _ targets: [PlannedTarget] = ["a", "b", "c"].map { PlannedTarget(id: $0) },
    policy: RetryPolicy = .standard, deadline: Double = 60, maxAttempts: Int = 6
) -> AttemptPlanner {
    AttemptPlanner(targets: targets, policy: policy, deadline: at(deadline), maxAttempts: maxAttempts)
}

private extension AttemptDecision {
    var targetID: String? {
        if case .attempt(let target, _, _) = self { target.id } else { nil }
    }

    var delay: Duration? {
        if case .attempt(_, let after, _) = self { after } else { nil }
    }

    var attemptNumber: Int? {
        if case .attempt(_, _, let number) = self { number } else { nil }
    }

    var giveUpReason: GiveUpReason? {
        if case .giveUp(_, let reason) = self { reason } else { nil }
    }

    var giveUpError: ProviderError? {
        if case .giveUp(let error, _) = self { error } else { nil }
    }
}

/// Targets with a single non-zero weight so the first draw is known.
private func ordered(_ ids: String..., windows: [Int?]? = nil) -> [PlannedTarget] {
    ids.enumerated().map { index, id in
        PlannedTarget(id: id, weight: index == 0 ? 1 : 0, contextWindow: windows?[index])
    }
}

@Suite struct ResilienceAttemptPlannerTests {
    @Test func rateLimitBacksOffOnTheSameTargetThenMovesOn() {
        var generator = ResilienceSeededGenerator(seed: 3)
        let targets = ordered("a", "b")
        var plan = planner(targets)
        #expect(plan.first(at: at(0), isAvailable: everyone, using: &generator) == .attempt(target: targets[0], after: .zero, attemptNumber: 1))
        let limited = ProviderError(.rateLimited, "slow down", status: 429)

        let second = plan.next(after: limited, at: at(1), isAvailable: everyone, using: &generator)
        #expect(second.targetID == "a" && second.attemptNumber == 2)
        #expect((second.delay ?? .seconds(99)) <= .seconds(1))
        let third = plan.next(after: limited, at: at(2), isAvailable: everyone, using: &generator)
        #expect(third.targetID == "a" && third.attemptNumber == 3)
        #expect((third.delay ?? .seconds(99)) <= .seconds(2))
        let fourth = plan.next(after: limited, at: at(5), isAvailable: everyone, using: &generator)
        #expect(fourth.targetID == "b" && fourth.delay == .zero && fourth.attemptNumber == 4)
        #expect(plan.usedFallback)
        #expect(plan.history.map(\.error) == [.rateLimited, .rateLimited, .rateLimited, nil])
    }

    @Test func retryAfterIsHonouredUpToTheMaximumWait() {
        var generator = ResilienceSeededGenerator(seed: 4)
        var plan = planner(ordered("a", "b"))
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let retry = plan.next(after: ProviderError(.rateLimited, "wait", retryAfter: 3), at: at(1), isAvailable: everyone, using: &generator)
        #expect(retry.targetID == "a" && retry.delay == .seconds(3))
        let moveOn = plan.next(after: ProviderError(.rateLimited, "wait long", retryAfter: 45), at: at(5), isAvailable: everyone, using: &generator)
        #expect(moveOn.targetID == "b" && moveOn.delay == .zero, "45 s is more than the 20 s worth waiting for")
    }

    @Test func serverErrorRetriesOnceThenMovesOn() {
        var generator = ResilienceSeededGenerator(seed: 5)
        var plan = planner(ordered("a", "b"))
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let error = ProviderError(.serverError, "bad gateway", status: 502)
        let retry = plan.next(after: error, at: at(1), isAvailable: everyone, using: &generator)
        #expect(retry.targetID == "a" && (retry.delay ?? .seconds(99)) <= .milliseconds(500))
        #expect(plan.next(after: error, at: at(2), isAvailable: everyone, using: &generator).targetID == "b")
        let retryOnB = plan.next(after: error, at: at(3), isAvailable: everyone, using: &generator)
        #expect(retryOnB.targetID == "b", "the retry budget is per target")
        let end = plan.next(after: error, at: at(4), isAvailable: everyone, using: &generator)
        #expect(end.giveUpReason == .noTargetAvailable && end.giveUpError == error)
        #expect(plan.attempts == 4)
    }

    @Test func timeoutAndMalformedResponseMoveOnAtOnce() {
        for kind in [ProviderError.Kind.timeout, .malformedResponse] {
            var generator = ResilienceSeededGenerator(seed: 6)
            let targets = ordered("a", "b", "c")
            var plan = planner(targets)
            _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
            let error = ProviderError(kind, "no")
            #expect(plan.next(after: error, at: at(1), isAvailable: everyone, using: &generator) == .attempt(target: targets[1], after: .zero, attemptNumber: 2))
            #expect(plan.next(after: error, at: at(2), isAvailable: everyone, using: &generator).targetID == "c")
            let end = plan.next(after: error, at: at(3), isAvailable: everyone, using: &generator)
            #expect(end.giveUpReason == .noTargetAvailable, "\(kind): a target that failed is not tried again")
        }
    }

    @Test func connectionErrorRetriesOnceQuicklyThenMovesOn() {
        var generator = ResilienceSeededGenerator(seed: 7)
        var plan = planner(ordered("a", "b"))
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let error = ProviderError(.connection, "connection reset")
        let retry = plan.next(after: error, at: at(0.1), isAvailable: everyone, using: &generator)
        #expect(retry.targetID == "a" && (retry.delay ?? .seconds(99)) <= .milliseconds(100))
        #expect(plan.next(after: error, at: at(0.2), isAvailable: everyone, using: &generator).targetID == "b")
    }

    @Test func contextLengthMovesToALargerKnownWindowOrFailsClearly() {
        var generator = ResilienceSeededGenerator(seed: 8)
        let targets = ordered("small", "smaller", "unknown", "equal", "large", "larger", windows: [8_000, 4_000, nil, 8_000, 32_000, 128_000])
        var plan = planner(targets)
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let tooLong = ProviderError(.contextLength, "prompt is 20k tokens", status: 400)
        #expect(plan.next(after: tooLong, at: at(1), isAvailable: everyone, using: &generator).targetID == "large", "the first larger one in fallback order")
        #expect(plan.next(after: tooLong, at: at(2), isAvailable: everyone, using: &generator).targetID == "larger")
        let end = plan.next(after: tooLong, at: at(3), isAvailable: everyone, using: &generator)
        #expect(end.giveUpReason == .noLargerContextWindow && end.giveUpError == tooLong)

        var unknownWindow = planner(ordered("unknown", "large", windows: [nil, 128_000]))
        _ = unknownWindow.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(unknownWindow.next(after: tooLong, at: at(1), isAvailable: everyone, using: &generator).giveUpReason == .noLargerContextWindow)
    }

    @Test func contentFilterFailsUnlessConfiguredToMoveOn() {
        var generator = ResilienceSeededGenerator(seed: 9)
        let refused = ProviderError(.contentFilter, "refused")
        var strict = planner(ordered("a", "b"))
        _ = strict.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(strict.next(after: refused, at: at(1), isAvailable: everyone, using: &generator) == .giveUp(refused, reason: .notRetryable(.contentFilter)))

        var policy = RetryPolicy.standard
        policy.contentFilter = .nextTarget
        var lenient = planner(ordered("a", "b"), policy: policy)
        _ = lenient.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(lenient.next(after: refused, at: at(1), isAvailable: everyone, using: &generator).targetID == "b")
    }

    @Test func clientErrorFailsEvenWithAttemptsAndTargetsLeft() {
        var generator = ResilienceSeededGenerator(seed: 10)
        var plan = planner()
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let bad = ProviderError(.clientError, "unknown parameter", status: 400)
        #expect(plan.next(after: bad, at: at(1), isAvailable: everyone, using: &generator) == .giveUp(bad, reason: .notRetryable(.clientError)))
        #expect(plan.history.map(\.error) == [.clientError])
        #expect(!plan.usedFallback)
    }

    @Test func weightsAreRespected() {
        var generator = ResilienceSeededGenerator(seed: 2_024)
        let targets = [PlannedTarget(id: "a", weight: 3), PlannedTarget(id: "b", weight: 1), PlannedTarget(id: "backup", weight: 0)]
        var counts: [String: Int] = [:]
        for _ in 0 ..< 4_000 {
            var plan = planner(targets)
            if let id = plan.first(at: at(0), isAvailable: everyone, using: &generator).targetID { counts[id, default: 0] += 1 }
        }
        // 3,000 expected; the binomial standard deviation is about 27, so ±150 is over 5σ.
        #expect(abs((counts["a"] ?? 0) - 3_000) <= 150, "\(counts)")
        #expect((counts["a"] ?? 0) + (counts["b"] ?? 0) == 4_000)
        #expect(counts["backup"] == nil, "a zero-weight target is fallback only")
    }

    @Test func unavailableTargetsAreSkipped() {
        var generator = ResilienceSeededGenerator(seed: 11)
        let targets = [PlannedTarget(id: "a", weight: 3), PlannedTarget(id: "b", weight: 1), PlannedTarget(id: "backup", weight: 0)]
        for _ in 0 ..< 50 {
            var plan = planner(targets)
            #expect(plan.first(at: at(0), isAvailable: { $0 != "a" }, using: &generator).targetID == "b")
        }
        var plan = planner(targets)
        #expect(plan.first(at: at(0), isAvailable: { $0 == "backup" }, using: &generator).targetID == "backup")

        var none = planner(targets)
        let decision = none.first(at: at(0), isAvailable: { _ in false }, using: &generator)
        #expect(decision.giveUpReason == .noTargetAvailable && none.attempts == 0)

        var skipping = planner(ordered("a", "b", "c"))
        _ = skipping.first(at: at(0), isAvailable: everyone, using: &generator)
        let next = skipping.next(after: ProviderError(.timeout, "slow"), at: at(1), isAvailable: { $0 != "b" }, using: &generator)
        #expect(next.targetID == "c")
    }

    @Test func noSameTargetRetryOnceItsBreakerHasOpened() {
        var generator = ResilienceSeededGenerator(seed: 12)
        let board = BreakerBoard()
        var plan = planner(ordered("a", "b"))
        let first = plan.first(at: at(0), isAvailable: { board.isAvailable($0, at: at(0)) }, using: &generator)
        #expect(first.targetID == "a")
        for _ in 0 ..< 3 {
            _ = board.acquire("a", at: at(0))
            board.record(.qualityFailure, for: "a", at: at(0))
        }
        let error = ProviderError(.serverError, "500")
        let next = plan.next(after: error, at: at(1), isAvailable: { board.isAvailable($0, at: at(1)) }, using: &generator)
        #expect(next.targetID == "b" && next.delay == .zero)
    }

    @Test func deadlineIsRespected() {
        var generator = ResilienceSeededGenerator(seed: 13)
        let limited = ProviderError(.rateLimited, "wait", retryAfter: 5)

        var alone = planner(ordered("a"), deadline: 3)
        _ = alone.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(alone.next(after: limited, at: at(1), isAvailable: everyone, using: &generator).giveUpReason == .deadlineWouldPass)

        var withFallback = planner(ordered("a", "b"), deadline: 3)
        _ = withFallback.first(at: at(0), isAvailable: everyone, using: &generator)
        let next = withFallback.next(after: limited, at: at(1), isAvailable: everyone, using: &generator)
        #expect(next.targetID == "b" && next.delay == .zero, "rather than wait past the deadline, move on")

        var late = planner(deadline: 3)
        _ = late.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(late.next(after: ProviderError(.timeout, "slow"), at: at(3), isAvailable: everyone, using: &generator).giveUpReason == .deadlinePassed)

        var tooLate = planner(deadline: 3)
        let decision = tooLate.first(at: at(3), isAvailable: everyone, using: &generator)
        #expect(decision.giveUpReason == .deadlinePassed && decision.giveUpError?.kind == .timeout)
    }

    @Test func attemptsAreCapped() {
        var generator = ResilienceSeededGenerator(seed: 14)
        var plan = planner(ordered("a", "b", "c", "d", "e"), maxAttempts: 3)
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        let error = ProviderError(.timeout, "slow")
        #expect(plan.next(after: error, at: at(1), isAvailable: everyone, using: &generator).attemptNumber == 2)
        #expect(plan.next(after: error, at: at(2), isAvailable: everyone, using: &generator).attemptNumber == 3)
        let end = plan.next(after: error, at: at(3), isAvailable: everyone, using: &generator)
        #expect(end == .giveUp(error, reason: .attemptsExhausted(3)))
        #expect(plan.attempts == 3 && plan.history.map(\.targetID) == ["a", "b", "c"])
    }

    @Test func defaultCapIsSixAttempts() {
        var generator = ResilienceSeededGenerator(seed: 15)
        var plan = planner((0 ..< 10).map { PlannedTarget(id: "t\($0)", weight: $0 == 0 ? 1 : 0) })
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        var last = AttemptDecision.giveUp(ProviderError(.timeout, "unset"), reason: .outOfOrder)
        for second in 1 ... 10 {
            last = plan.next(after: ProviderError(.timeout, "slow"), at: at(Double(second)), isAvailable: everyone, using: &generator)
            if last.giveUpReason != nil { break }
        }
        #expect(last.giveUpReason == .attemptsExhausted(6) && plan.attempts == 6)
    }

    @Test func outOfOrderCallsGiveUpInsteadOfTrapping() {
        var generator = ResilienceSeededGenerator(seed: 16)
        var plan = planner()
        let error = ProviderError(.timeout, "slow")
        #expect(plan.next(after: error, at: at(0), isAvailable: everyone, using: &generator).giveUpReason == .outOfOrder)
        _ = plan.first(at: at(0), isAvailable: everyone, using: &generator)
        #expect(plan.first(at: at(0), isAvailable: everyone, using: &generator).giveUpReason == .outOfOrder)
        var empty = planner([])
        #expect(empty.first(at: at(0), isAvailable: everyone, using: &generator).giveUpReason == .noTargetAvailable)
    }
}
