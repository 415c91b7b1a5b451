import ParapetCore
import Testing
@testable import ParapetGateway

/// SplitMix64: a small seeded generator so every random draw in the resilience tests repeats.
struct ResilienceSeededGenerator: RandomNumberGenerator {
    private var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}

@Suite struct ResilienceBackoffTests {
    let backoff = Backoff(base: .seconds(1), cap: .seconds(60))

    @Test func fullJitterStaysWithinTheExponentialCeilingOverManySeeds() {
        for attempt in 0 ..< 10 {
            let ceiling = min(Duration.seconds(60), .seconds(1) * (1 << attempt))
            var shortest = Duration.seconds(3_600)
            var longest = Duration.zero
            for seed: UInt64 in 0 ..< 300 {
                var generator = ResilienceSeededGenerator(seed: seed)
                let delay = backoff.delay(attempt: attempt, retryAfter: nil, using: &generator)
                #expect(delay >= .zero && delay <= ceiling, "attempt \(attempt), seed \(seed): \(delay)")
                shortest = min(shortest, delay)
                longest = max(longest, delay)
            }
            // Full jitter spreads over the whole range, not around the ceiling.
            #expect(shortest < ceiling / 10, "attempt \(attempt)")
            #expect(longest > ceiling * 9 / 10, "attempt \(attempt)")
        }
    }

    @Test func sameSeedSameDelay() {
        var first = ResilienceSeededGenerator(seed: 42)
        var second = ResilienceSeededGenerator(seed: 42)
        #expect(backoff.delay(attempt: 3, retryAfter: nil, using: &first) == backoff.delay(attempt: 3, retryAfter: nil, using: &second))
    }

    @Test func retryAfterWinsAndIsCapped() {
        var generator = ResilienceSeededGenerator(seed: 1)
        #expect(backoff.delay(attempt: 0, retryAfter: 2.5, using: &generator) == .milliseconds(2_500))
        #expect(backoff.delay(attempt: 6, retryAfter: 0, using: &generator) == .zero)
        #expect(backoff.delay(attempt: 0, retryAfter: 120, using: &generator) == .seconds(60))
        #expect(backoff.delay(attempt: 0, retryAfter: .infinity, using: &generator) <= .seconds(1), "not finite: ignored")
        #expect(backoff.delay(attempt: 0, retryAfter: .nan, using: &generator) <= .seconds(1), "NaN: ignored")
        #expect(backoff.delay(attempt: 0, retryAfter: -5, using: &generator) <= .seconds(1), "negative: ignored")
    }

    @Test func extremeAttemptsAndOddBackoffsDoNotTrap() {
        var generator = ResilienceSeededGenerator(seed: 7)
        #expect(backoff.delay(attempt: 10_000, retryAfter: nil, using: &generator) <= .seconds(60))
        #expect(backoff.delay(attempt: Int.max, retryAfter: nil, using: &generator) <= .seconds(60))
        #expect(backoff.delay(attempt: -3, retryAfter: nil, using: &generator) <= .seconds(1))
        #expect(Backoff(base: .zero, cap: .zero).delay(attempt: 4, retryAfter: nil, using: &generator) == .zero)
        #expect(Backoff(base: .seconds(-1), cap: .seconds(-1)).delay(attempt: 0, retryAfter: 3, using: &generator) == .zero)
    }

    @Test func validation() throws {
        _ = try backoff.validated()
        let error = #expect(throws: ConfigErrors.self) { try Backoff(base: .zero, cap: .seconds(-1)).validated() }
        #expect(error?.errors.map(\.path.description) == ["backoff.base", "backoff.cap"])
    }
}

@Suite struct ResilienceRetryPolicyTests {
    @Test func standardTableFollowsTheErrorClasses() throws {
        let policy = try RetryPolicy.standard.validated()
        #expect(policy[.rateLimited].sameTargetRetries == 2 && policy[.rateLimited].then == .nextTarget)
        #expect(policy[.rateLimited].backoff == Backoff(base: .seconds(1), cap: .seconds(60)))
        #expect(policy[.rateLimited].maxRetryAfter == .seconds(20))
        #expect(policy[.serverError].sameTargetRetries == 1 && policy[.serverError].then == .nextTarget)
        #expect(policy[.timeout] == .nextTarget)
        #expect(policy[.connection].sameTargetRetries == 1 && policy[.connection].backoff.cap == .seconds(1))
        #expect(policy[.contextLength] == .nextTargetWithLargerContext)
        #expect(policy[.contentFilter] == .fail)
        #expect(policy[.malformedResponse] == .nextTarget)
        #expect(policy[.clientError] == .fail)
    }

    @Test func rulesCanBeReplacedButClientErrorsNeverRetry() {
        var policy = RetryPolicy.standard
        policy[.contentFilter] = .nextTarget
        #expect(policy.contentFilter == .nextTarget)
        policy[.clientError] = .nextTarget
        policy[.rateLimited] = .retrySameTarget(20, backoff: Backoff(base: .seconds(2), cap: .seconds(1)))
        let error = #expect(throws: ConfigErrors.self) { try policy.validated() }
        #expect(error?.errors.map(\.path.description) == [
            "retry.rate_limited.retries", "retry.rate_limited.backoff.cap", "retry.client_error",
        ])
    }

    @Test func callOutcomeOfEachErrorClass() {
        #expect(CallOutcome(.rateLimited) == .failure)
        #expect(CallOutcome(.serverError) == .failure)
        #expect(CallOutcome(.timeout) == .failure)
        #expect(CallOutcome(.connection) == .failure)
        #expect(CallOutcome(.malformedResponse) == .qualityFailure)
        #expect(CallOutcome(.contextLength) == .neutral)
        #expect(CallOutcome(.contentFilter) == .neutral)
        #expect(CallOutcome(.clientError) == .neutral)
    }
}
