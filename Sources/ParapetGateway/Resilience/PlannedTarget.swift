/// One upstream target of a route as the planner sees it.
public struct PlannedTarget: Sendable, Hashable {
    /// The target id, also the circuit breaker's key.
    public var id: String
    /// Share of first attempts among available targets; 0 makes a fallback-only target. Values
    /// above 1,000,000 count as 1,000,000.
    public var weight: Int
    /// The model's context window in tokens, when known.
    public var contextWindow: Int?

    public init(id: String, weight: Int = 1, contextWindow: Int? = nil) {
        self.id = id
        self.weight = weight
        self.contextWindow = contextWindow
    }
}
