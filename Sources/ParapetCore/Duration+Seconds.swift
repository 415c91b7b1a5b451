extension Duration {
    /// The duration in seconds, as a `Double` (for rates, and for `Date` and `TimeInterval` APIs).
    public var inSeconds: Double {
        Double(components.seconds) + Double(components.attoseconds) / 1e18
    }
}
