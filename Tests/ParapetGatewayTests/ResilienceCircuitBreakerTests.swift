import Foundation
import ParapetCore
import Testing
@testable import ParapetGateway

/// Instants `seconds` after a fixed origin: the breaker only ever sees instants passed in.
private let origin = ContinuousClock.now
private func at(_ seconds: Double) -> ContinuousClock.Instant {
    origin.advanced(by: .milliseconds(Int64((seconds * 1_000).rounded())))
}

private extension CircuitBreaker {
    mutating func call(_ outcome: CallOutcome, at seconds: Double) {
        let permitted = acquire(at: at(seconds))
        #expect(permitted, "no permit at \(seconds) s")
        record(outcome, at: at(seconds))
    }

    /// Trips a default-configured breaker at `seconds` with three quality failures.
    mutating func trip(at seconds: Double) {
        for _ in 0 ..< 3 { call(.qualityFailure, at: seconds) }
    }
}

@Suite struct ResilienceCircuitBreakerTests {
    @Test func failureRatioCountsOnlyAfterMinimumCalls() {
        var breaker = CircuitBreaker()
        for second in 0 ..< 9 { breaker.call(.failure, at: Double(second)) }
        #expect(breaker.state == .closed, "9 failures are fewer than the minimum of 10 calls")
        breaker.call(.failure, at: 9)
        #expect(breaker.state == .open(until: at(39)))
        #expect(breaker.timesOpened == 1)
    }

    @Test func failureRatioTripsAtThreshold() {
        var below = CircuitBreaker()
        for _ in 0 ..< 6 { below.call(.success, at: 1) }
        for _ in 0 ..< 4 { below.call(.failure, at: 2) }
        #expect(below.state == .closed, "4 of 10 is under 0.5")

        var atRatio = CircuitBreaker()
        for _ in 0 ..< 5 { atRatio.call(.success, at: 1) }
        for _ in 0 ..< 4 { atRatio.call(.failure, at: 2) }
        #expect(atRatio.state == .closed, "9 calls are under the minimum")
        atRatio.call(.failure, at: 3)
        #expect(atRatio.state == .open(until: at(33)), "5 of 10 reaches 0.5")
    }

    @Test func consecutiveQualityFailuresTripDespiteGoodRatio() {
        var breaker = CircuitBreaker()
        for _ in 0 ..< 10 { breaker.call(.success, at: 0) }
        breaker.call(.qualityFailure, at: 1)
        breaker.call(.qualityFailure, at: 1)
        breaker.call(.success, at: 1)
        #expect(breaker.snapshot(at: at(1)).consecutiveQualityFailures == 0, "a success resets the run")
        breaker.call(.qualityFailure, at: 2)
        breaker.call(.failure, at: 2)
        breaker.call(.neutral, at: 2)
        breaker.call(.qualityFailure, at: 2)
        #expect(breaker.state == .closed, "two in the run; plain failures and neutral outcomes neither count nor reset")
        breaker.call(.qualityFailure, at: 3)
        #expect(breaker.state == .open(until: at(33)))
        let snapshot = breaker.snapshot(at: at(3))
        #expect(snapshot.failureRatio < 0.5, "the ratio alone would not have tripped")
    }

    @Test func neutralOutcomesAreNotCounted() {
        var breaker = CircuitBreaker()
        for _ in 0 ..< 50 { breaker.call(.neutral, at: 0) }
        #expect(breaker.state == .closed)
        #expect(breaker.snapshot(at: at(0)).callsInWindow == 0)
    }

    @Test func windowExpiryForgetsOldFailures() {
        // 10 buckets of 3 s: calls at 0 s are still in the window at 29.9 s and gone at 30 s.
        var kept = CircuitBreaker()
        for _ in 0 ..< 9 { kept.call(.failure, at: 0) }
        kept.call(.failure, at: 29.9)
        #expect(kept.state == .open(until: at(59.9)))

        var forgotten = CircuitBreaker()
        for _ in 0 ..< 9 { forgotten.call(.failure, at: 0) }
        #expect(forgotten.snapshot(at: at(15)).callsInWindow == 9)
        forgotten.call(.failure, at: 30)
        #expect(forgotten.state == .closed)
        #expect(forgotten.snapshot(at: at(30)).callsInWindow == 1)
    }

    @Test func openRefusesUntilPeriodEndsThenAllowsExactlyTheProbes() {
        var breaker = CircuitBreaker()
        breaker.trip(at: 0)
        #expect(!breaker.isAvailable(at: at(29.999)))
        #expect(breaker.acquire(at: at(29.999)) == false)
        #expect(breaker.isAvailable(at: at(30)))
        #expect(breaker.acquire(at: at(30)) == true)
        #expect(breaker.state == .halfOpen)
        #expect(breaker.acquire(at: at(30)) == false, "one probe at a time by default")
        #expect(!breaker.isAvailable(at: at(31)))

        var wide = CircuitBreaker(CircuitBreaker.Configuration(halfOpenProbes: 3))
        wide.trip(at: 0)
        let permits = (0 ..< 5).map { _ in wide.acquire(at: at(30)) }
        #expect(permits == [true, true, true, false, false])
        #expect(wide.snapshot(at: at(30)).probesInFlight == 3)
    }

    @Test func releaseReturnsAProbe() {
        var breaker = CircuitBreaker()
        breaker.trip(at: 0)
        #expect(breaker.acquire(at: at(30)) == true)
        #expect(breaker.acquire(at: at(30)) == false)
        breaker.release(at: at(31))
        #expect(breaker.state == .halfOpen)
        #expect(breaker.acquire(at: at(31)) == true)
        breaker.release(at: at(31))
        breaker.release(at: at(31))
        #expect(breaker.snapshot(at: at(31)).probesInFlight == 0, "extra releases do not go negative")
    }

    @Test func closesAfterEnoughSuccessfulProbesWithAFreshWindow() {
        var breaker = CircuitBreaker()
        breaker.trip(at: 0)
        breaker.call(.success, at: 30)
        #expect(breaker.state == .halfOpen, "two successes are needed")
        breaker.call(.neutral, at: 31)
        #expect(breaker.state == .halfOpen, "a neutral probe frees the slot without counting")
        breaker.call(.success, at: 32)
        #expect(breaker.state == .closed)
        let snapshot = breaker.snapshot(at: at(32))
        #expect(snapshot.callsInWindow == 0)
        #expect(snapshot.consecutiveQualityFailures == 0)
        #expect(snapshot.timesOpened == 1)
    }

    @Test func reopensWithDoubledPeriodCappedAndResetOnClose() {
        var breaker = CircuitBreaker()
        breaker.trip(at: 0)
        var now = 30.0
        for expected in [60.0, 120, 240, 300, 300] {
            breaker.call(.failure, at: now)
            #expect(breaker.state == .open(until: at(now + expected)))
            now += expected
        }
        #expect(breaker.timesOpened == 6)
        breaker.call(.success, at: now)
        breaker.call(.success, at: now)
        #expect(breaker.state == .closed)
        breaker.trip(at: now)
        #expect(breaker.state == .open(until: at(now + 30)), "a trip from closed starts over at the base period")
    }

    @Test func qualityFailureOfAProbeReopens() {
        var breaker = CircuitBreaker()
        breaker.trip(at: 0)
        breaker.call(.qualityFailure, at: 30)
        #expect(breaker.state == .open(until: at(90)))
    }

    @Test func outcomesOfCallsInFlightAtTheTripAreIgnored() {
        var breaker = CircuitBreaker()
        #expect(breaker.acquire(at: at(0)) == true)
        breaker.trip(at: 0)
        breaker.record(.success, at: at(1))
        #expect(breaker.state == .open(until: at(30)))
        #expect(breaker.acquire(at: at(30)) == true)
        breaker.release(at: at(30))
        breaker.record(.failure, at: at(31))
        #expect(breaker.state == .halfOpen, "no probe in flight: a straggler, ignored")
    }

    @Test func snapshotForTheAdminEndpoint() throws {
        var breaker = CircuitBreaker()
        for _ in 0 ..< 4 { breaker.call(.success, at: 0) }
        breaker.call(.failure, at: 0)
        var snapshot = breaker.snapshot(at: at(1))
        #expect(snapshot == BreakerSnapshot(
            state: .closed, callsInWindow: 5, failuresInWindow: 1, failureRatio: 0.2,
            consecutiveQualityFailures: 0, secondsUntilRetry: nil, timesOpened: 0, probesInFlight: 0
        ))
        breaker.trip(at: 2)
        snapshot = breaker.snapshot(at: at(12))
        #expect(snapshot.state == .open)
        #expect(snapshot.secondsUntilRetry == 20)
        #expect(breaker.snapshot(at: at(32)).state == .halfOpen, "an elapsed open period shows as half-open")

        let encoder = JSONEncoder()
        encoder.outputFormatting = .sortedKeys
        let json = String(decoding: try encoder.encode(snapshot), as: UTF8.self)
        #expect(json.contains("\"state\":\"open\""))
        #expect(json.contains("\"calls_in_window\":8"))
        #expect(json.contains("\"seconds_until_retry\":20"))
        #expect(json.contains("\"times_opened\":1"))
    }

    @Test func defaultsValidateAndBadValuesAreNamed() throws {
        let defaults = try CircuitBreaker.Configuration().validated()
        #expect(defaults.window == .seconds(30) && defaults.buckets == 10 && defaults.minimumCalls == 10)
        #expect(defaults.failureRatio == 0.5 && defaults.consecutiveQualityFailures == 3)
        #expect(defaults.openDuration == .seconds(30) && defaults.maxOpenDuration == .seconds(300))
        #expect(defaults.halfOpenProbes == 1 && defaults.successesToClose == 2)

        let bad = CircuitBreaker.Configuration(
            window: .zero, buckets: 0, minimumCalls: 0, failureRatio: 1.5, consecutiveQualityFailures: 0,
            openDuration: .seconds(60), maxOpenDuration: .seconds(10), halfOpenProbes: 0, successesToClose: 0
        )
        let error = #expect(throws: ConfigErrors.self) { try bad.validated(at: ConfigPath("routes").index(0).key("circuit_breaker")) }
        let paths = error?.errors.map(\.path.description) ?? []
        #expect(paths == [
            "routes[0].circuit_breaker.window", "routes[0].circuit_breaker.buckets",
            "routes[0].circuit_breaker.minimum_calls", "routes[0].circuit_breaker.failure_ratio",
            "routes[0].circuit_breaker.consecutive_quality_failures", "routes[0].circuit_breaker.max_open_duration",
            "routes[0].circuit_breaker.half_open_probes", "routes[0].circuit_breaker.successes_to_close",
        ])
    }

    @Test func invalidConfigurationIsClampedNotTrappedOn() {
        var breaker = CircuitBreaker(CircuitBreaker.Configuration(
            window: .zero, buckets: 0, minimumCalls: 0, consecutiveQualityFailures: 0,
            openDuration: .zero, halfOpenProbes: 0, successesToClose: 0
        ))
        breaker.call(.failure, at: 0)
        #expect(breaker.state != .closed)
        #expect(breaker.acquire(at: at(1)) == true)
        breaker.record(.success, at: at(1))
        #expect(breaker.state == .closed)
    }
}

@Suite struct ResilienceBreakerBoardTests {
    @Test func keepsOneBreakerPerTarget() {
        let board = BreakerBoard()
        for _ in 0 ..< 3 {
            #expect(board.acquire("openai", at: at(0)))
            board.record(.qualityFailure, for: "openai", at: at(0))
            #expect(board.acquire("anthropic", at: at(0)))
            board.record(.success, for: "anthropic", at: at(0))
        }
        #expect(board.state(of: "openai") == .open(until: at(30)))
        #expect(!board.isAvailable("openai", at: at(1)))
        #expect(board.isAvailable("anthropic", at: at(1)))
        #expect(board.isAvailable("never-seen", at: at(1)))
        #expect(board.state(of: "never-seen") == .closed)

        let snapshots = board.snapshots(at: at(10))
        #expect(Set(snapshots.keys) == ["openai", "anthropic"])
        #expect(snapshots["openai"]?.state == .open)
        #expect(snapshots["anthropic"]?.callsInWindow == 3)
        #expect(board.snapshot(of: "never-seen", at: at(10)).state == .closed)

        #expect(board.acquire("openai", at: at(30)))
        #expect(!board.acquire("openai", at: at(30)))
        board.release("openai", at: at(30))
        #expect(board.acquire("openai", at: at(30)))
    }

    @Test func isUsableFromConcurrentTasks() async {
        let board = BreakerBoard()
        await withTaskGroup(of: Void.self) { group in
            for task in 0 ..< 8 {
                group.addTask {
                    for _ in 0 ..< 100 {
                        if board.acquire("target-\(task % 2)", at: at(0)) {
                            board.record(.success, for: "target-\(task % 2)", at: at(0))
                        }
                    }
                }
            }
        }
        #expect(board.snapshot(of: "target-0", at: at(0)).callsInWindow == 400)
        #expect(board.snapshot(of: "target-1", at: at(0)).callsInWindow == 400)
    }
}
