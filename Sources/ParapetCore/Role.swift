/// What an API key may do. Every key belongs to one tenant and sees only that tenant's data.
public enum Role: String, Sendable, Hashable, Codable, CaseIterable, Comparable {
    /// Calls the guard API and (later) the gateway.
    case client
    /// Works the review queue of its tenant; can also call the guard API.
    case reviewer
    /// Manages its tenant's keys and policies and reads its audit trail.
    case admin

    private var rank: Int {
        switch self {
        case .client: 0
        case .reviewer: 1
        case .admin: 2
        }
    }

    public static func < (lhs: Role, rhs: Role) -> Bool { lhs.rank < rhs.rank }
}
