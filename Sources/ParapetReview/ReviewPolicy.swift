import ParapetStore

/// Who must look at a decision before it counts as reviewed: the policy a risk level maps to.
///
/// Ordered from least to most demanding (`auto` < `one_reviewer` < `two_reviewers` <
/// `two_with_senior`), so a stricter policy can be taken with `max`.
public enum ReviewPolicy: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Nobody: the decision is delivered as it is (it may still be sampled for a post-action audit).
    case auto
    /// One reviewer's approval.
    case oneReviewer = "one_reviewer"
    /// Two different reviewers' approvals.
    case twoReviewers = "two_reviewers"
    /// Two approvals, at least one of them from a senior reviewer.
    case twoWithSenior = "two_with_senior"

    /// Approvals needed to resolve the item as approved (`ReviewItem.requiredApprovals`); 0 for `auto`.
    public var requiredApprovals: Int {
        switch self {
        case .auto: 0
        case .oneReviewer: 1
        case .twoReviewers, .twoWithSenior: 2
        }
    }

    /// Whether one of the approvals must come from a senior reviewer (`ReviewItem.requiresSenior`).
    public var requiresSenior: Bool { self == .twoWithSenior }

    private var rank: Int {
        switch self {
        case .auto: 0
        case .oneReviewer: 1
        case .twoReviewers: 2
        case .twoWithSenior: 3
        }
    }

    /// Whether `lhs` asks for less review than `rhs`.
    public static func < (lhs: ReviewPolicy, rhs: ReviewPolicy) -> Bool { lhs.rank < rhs.rank }
}

/// The policy of each risk level (`policies:` in a route's `review:` settings). Stricter levels
/// never get a laxer policy: parsing refuses that.
public struct ReviewPolicies: Sendable, Hashable {
    /// The policy of `low` (default `auto`).
    public var low: ReviewPolicy
    /// The policy of `medium` (default `one_reviewer`).
    public var medium: ReviewPolicy
    /// The policy of `high` (default `two_reviewers`).
    public var high: ReviewPolicy
    /// The policy of `critical` (default `two_with_senior`).
    public var critical: ReviewPolicy

    /// The seeds' defaults: low auto, medium one reviewer, high two reviewers, critical two with a senior.
    public init(
        low: ReviewPolicy = .auto, medium: ReviewPolicy = .oneReviewer, high: ReviewPolicy = .twoReviewers,
        critical: ReviewPolicy = .twoWithSenior
    ) {
        self.low = low
        self.medium = medium
        self.high = high
        self.critical = critical
    }

    /// The policy of `level`.
    public subscript(level: RiskLevel) -> ReviewPolicy {
        get {
            switch level {
            case .low: low
            case .medium: medium
            case .high: high
            case .critical: critical
            }
        }
        set {
            switch level {
            case .low: low = newValue
            case .medium: medium = newValue
            case .high: high = newValue
            case .critical: critical = newValue
            }
        }
    }
}
