extension CircuitBreaker {
    /// What the admin endpoint shows about the breaker at `now`. An open breaker whose period
    /// has passed shows as half-open: the next call will probe.
    public func snapshot(at now: ContinuousClock.Instant) -> BreakerSnapshot {
        let (calls, failures) = window.totals(at: now)
        let stateName: BreakerSnapshot.StateName
        var secondsUntilRetry: Double?
        switch state {
        case .closed:
            stateName = .closed
        case .open(let until) where now < until:
            stateName = .open
            secondsUntilRetry = (until - now).inSeconds
        case .open, .halfOpen:
            stateName = .halfOpen
        }
        return BreakerSnapshot(
            state: stateName,
            callsInWindow: calls,
            failuresInWindow: failures,
            failureRatio: calls == 0 ? 0 : Double(failures) / Double(calls),
            consecutiveQualityFailures: qualityFailureRun,
            secondsUntilRetry: secondsUntilRetry,
            timesOpened: timesOpened,
            probesInFlight: probesInFlight
        )
    }
}
