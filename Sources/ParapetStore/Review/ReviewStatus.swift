/// Where a review item stands. Every status but `pending` is final.
public enum ReviewStatus: String, Sendable, Hashable, Codable, CaseIterable {
    /// Waiting for reviewers (possibly with some approvals recorded).
    case pending
    /// Enough approvals: the suggestion is delivered as it is.
    case approved
    /// A reviewer refused it: the client gets a refusal.
    case rejected
    /// A reviewer replaced the suggestion: the client gets the edited body.
    case edited
    /// Nobody resolved it before `expiresAt`: `onExpiry` says what that means.
    case expired
}
