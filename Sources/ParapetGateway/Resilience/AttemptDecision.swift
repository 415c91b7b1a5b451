/// What the router does next: call a target (after a wait), or give up with an error.
public enum AttemptDecision: Sendable, Equatable {
    /// Call `target` once `after` has passed; `attemptNumber` counts from 1 over the request.
    case attempt(target: PlannedTarget, after: Duration, attemptNumber: Int)
    /// Stop and answer the caller with the error.
    case giveUp(ProviderError, reason: GiveUpReason)
}
