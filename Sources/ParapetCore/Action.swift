/// What the policy does with a finding. Ordered by severity: combining decisions keeps the
/// most severe (`block` > `review` > `redact` > `annotate` > `allow`).
public enum Action: String, Sendable, Hashable, Codable, CaseIterable, Comparable, CustomStringConvertible {
    /// Let the text through; the finding is not reported.
    case allow
    /// Let the text through and report the finding.
    case annotate
    /// Replace the finding's span in the text before it goes on.
    case redact
    /// Hold the text for a person to decide.
    case review
    /// Refuse the text.
    case block

    /// Severity rank, 0 (allow) … 4 (block).
    public var severity: Int {
        switch self {
        case .allow: 0
        case .annotate: 1
        case .redact: 2
        case .review: 3
        case .block: 4
        }
    }

    public static func < (lhs: Action, rhs: Action) -> Bool { lhs.severity < rhs.severity }

    public var description: String { rawValue }
}
