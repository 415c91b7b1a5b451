/// What a reviewer (or an expiry) decides about an item.
public enum ReviewVerdict: String, Sendable, Hashable, Codable, CaseIterable {
    /// Deliver the suggestion as it is (counts toward `requiredApprovals`).
    case approve
    /// Refuse: the item is rejected at once.
    case reject
    /// Deliver the reviewer's version instead: the item is resolved at once.
    case edit
}
