extension Duration {
    /// The duration in seconds as a `Double` (attosecond precision is more than we need).
    var inSeconds: Double {
        let parts = components
        return Double(parts.seconds) + Double(parts.attoseconds) * 1e-18
    }

    /// A duration from seconds, clamped to `0 ... limit` so that no `Double` (negative, NaN,
    /// infinite, huge) can make `Duration` arithmetic trap.
    static func clampedSeconds(_ seconds: Double, limit: Duration) -> Duration {
        let upper = limit.inSeconds
        guard seconds.isFinite else { return seconds > 0 ? limit : .zero }
        if seconds <= 0 { return .zero }
        if seconds >= upper { return limit }
        return .nanoseconds(Int64((seconds * 1e9).rounded()))
    }
}
