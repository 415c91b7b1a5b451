/// Why the planner stopped, for logs, the audit record and tests.
public enum GiveUpReason: Sendable, Hashable, CustomStringConvertible {
    /// The rule of the error class says fail.
    case notRetryable(ProviderError.Kind)
    /// The request used up its attempts.
    case attemptsExhausted(Int)
    /// The deadline has passed.
    case deadlinePassed
    /// The only way on was a wait that would end after the deadline.
    case deadlineWouldPass
    /// Every target left is unavailable (breaker open) or already failed.
    case noTargetAvailable
    /// The prompt is too long and no available target has a larger known context window.
    case noLargerContextWindow
    /// ``AttemptPlanner/next(after:at:isAvailable:using:)`` came before a first attempt, or
    /// ``AttemptPlanner/first(at:isAvailable:using:)`` came twice.
    case outOfOrder

    public var description: String {
        switch self {
        case .notRetryable(let kind): "\(kind.rawValue) is not retried"
        case .attemptsExhausted(let count): "gave up after \(count) attempts"
        case .deadlinePassed: "the request deadline has passed"
        case .deadlineWouldPass: "the retry wait would end after the request deadline"
        case .noTargetAvailable: "no target left to try: the others failed or their circuits are open"
        case .noLargerContextWindow: "the prompt exceeds the context window and no available target has a larger one"
        case .outOfOrder: "attempt planner called out of order"
        }
    }
}
