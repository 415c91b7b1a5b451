/// The router's decision loop for one request, as a pure state machine: which target to call,
/// how long to wait first, and when to give up. The async shell calls a target, reports the
/// error with ``next(after:at:isAvailable:using:)`` and follows the decision; time, breaker state
/// and randomness all come in as arguments.
///
/// - The first target is drawn by weight among the available targets with a positive weight
///   (fallback-only targets, weight 0, are used first only when no weighted target is available).
/// - After a failure the rule of the error class applies (see ``RetryPolicy``): same-target
///   retries with backoff while the rule allows and the target is still available, then the next
///   available target in fallback order, never one the request already left.
/// - The planner gives up when the rule says fail, when attempts run out, when the deadline has
///   passed or a wait would end after it, and when no target is left.
public struct AttemptPlanner: Sendable {
    /// The route's targets, in fallback order.
    public let targets: [PlannedTarget]
    public let policy: RetryPolicy
    /// No attempt starts at or after this instant, and no wait ends after it.
    public let deadline: ContinuousClock.Instant
    /// Attempts over the whole request, first one included.
    public let maxAttempts: Int
    /// Every attempt so far, in order, with the class of error each ended with.
    public private(set) var history: [AttemptRecord] = []

    private var current: Int?
    /// Targets the request moved away from; never tried again.
    private var left: Set<Int> = []
    /// Consecutive retries on the current target.
    private var retriesOnCurrent = 0

    /// A planner for one request. `maxAttempts` below 1 counts as 1.
    public init(targets: [PlannedTarget], policy: RetryPolicy = .standard, deadline: ContinuousClock.Instant, maxAttempts: Int = 6) {
        self.targets = targets
        self.policy = policy
        self.deadline = deadline
        self.maxAttempts = max(1, maxAttempts)
    }

    /// Attempts made so far: the `x-parapet-attempts` header.
    public var attempts: Int { history.count }

    /// Whether any attempt went to a target other than the first one: the `x-parapet-fallback`
    /// header.
    public var usedFallback: Bool {
        guard let first = history.first?.targetID else { return false }
        return history.contains { $0.targetID != first }
    }

    /// The target of the latest attempt.
    public var currentTarget: PlannedTarget? { current.map { targets[$0] } }

    /// The first attempt: a target drawn by weight among those `isAvailable` says may be called
    /// (a non-mutating breaker check such as ``BreakerBoard/isAvailable(_:at:)``).
    public mutating func first(
        at now: ContinuousClock.Instant, isAvailable: (String) -> Bool, using generator: inout some RandomNumberGenerator
    ) -> AttemptDecision {
        guard history.isEmpty else {
            return .giveUp(ProviderError(.serverError, "the first attempt was already planned"), reason: .outOfOrder)
        }
        guard now < deadline else {
            return .giveUp(ProviderError(.timeout, "the request deadline passed before the first attempt"), reason: .deadlinePassed)
        }
        guard let index = drawByWeight(isAvailable: isAvailable, using: &generator) else {
            let message = targets.isEmpty ? "the route has no targets" : "no target is available: every circuit of the route is open"
            return .giveUp(ProviderError(.serverError, message), reason: .noTargetAvailable)
        }
        return begin(index, after: .zero)
    }

    /// What to do after the latest attempt failed with `error` at `now`.
    public mutating func next(
        after error: ProviderError, at now: ContinuousClock.Instant, isAvailable: (String) -> Bool,
        using generator: inout some RandomNumberGenerator
    ) -> AttemptDecision {
        guard let current, !history.isEmpty else { return .giveUp(error, reason: .outOfOrder) }
        history[history.count - 1].error = error.kind
        let rule = policy[error.kind]
        if rule.then == .fail && rule.sameTargetRetries <= 0 {
            return .giveUp(error, reason: .notRetryable(error.kind))
        }
        guard history.count < maxAttempts else { return .giveUp(error, reason: .attemptsExhausted(history.count)) }
        guard now < deadline else { return .giveUp(error, reason: .deadlinePassed) }

        var waitWouldPassDeadline = false
        if retriesOnCurrent < rule.sameTargetRetries && isAvailable(targets[current].id) {
            // A provider asking for a longer wait than the rule allows is better left for now.
            let waitAcceptable = error.retryAfter.map { !($0 > rule.maxRetryAfter.inSeconds) } ?? true
            if waitAcceptable {
                let delay = rule.backoff.delay(attempt: retriesOnCurrent, retryAfter: error.retryAfter, using: &generator)
                if now.advanced(by: delay) < deadline {
                    retriesOnCurrent += 1
                    return begin(current, after: delay)
                }
                waitWouldPassDeadline = true
            }
        }

        left.insert(current)
        let candidate: Int?
        switch rule.then {
        case .fail:
            return .giveUp(error, reason: waitWouldPassDeadline ? .deadlineWouldPass : .notRetryable(error.kind))
        case .nextTarget:
            candidate = nextInOrder(isAvailable: isAvailable) { _ in true }
        case .nextTargetWithLargerContext:
            let failingWindow = targets[current].contextWindow
            candidate = nextInOrder(isAvailable: isAvailable) { target in
                guard let failingWindow, let window = target.contextWindow else { return false }
                return window > failingWindow
            }
        }
        guard let candidate else {
            let reason: GiveUpReason = if waitWouldPassDeadline {
                .deadlineWouldPass
            } else if rule.then == .nextTargetWithLargerContext {
                .noLargerContextWindow
            } else {
                .noTargetAvailable
            }
            return .giveUp(error, reason: reason)
        }
        retriesOnCurrent = 0
        return begin(candidate, after: .zero)
    }

    private mutating func begin(_ index: Int, after delay: Duration) -> AttemptDecision {
        current = index
        history.append(AttemptRecord(targetID: targets[index].id, delay: delay))
        return .attempt(target: targets[index], after: delay, attemptNumber: history.count)
    }

    private func drawByWeight(isAvailable: (String) -> Bool, using generator: inout some RandomNumberGenerator) -> Int? {
        let open = targets.indices.filter { !left.contains($0) && isAvailable(targets[$0].id) }
        let weighted = open.filter { targets[$0].weight > 0 }
        let total = weighted.reduce(0) { $0 + Self.effectiveWeight(targets[$1]) }
        guard total > 0 else { return open.first }
        var draw = Int.random(in: 0 ..< total, using: &generator)
        for index in weighted {
            draw -= Self.effectiveWeight(targets[index])
            if draw < 0 { return index }
        }
        return weighted.last
    }

    private func nextInOrder(isAvailable: (String) -> Bool, where accepts: (PlannedTarget) -> Bool) -> Int? {
        targets.indices.first { !left.contains($0) && accepts(targets[$0]) && isAvailable(targets[$0].id) }
    }

    private static func effectiveWeight(_ target: PlannedTarget) -> Int { min(max(target.weight, 0), 1_000_000) }
}
