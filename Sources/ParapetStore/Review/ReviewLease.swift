import Foundation

/// A reviewer's claim on an item: nobody else can claim or decide it until `until` has passed.
public struct ReviewLease: Sendable, Hashable {
    /// The key id of the reviewer holding the item.
    public var reviewer: String
    /// The last instant the lease holds (inclusive).
    public var until: Date

    public init(reviewer: String, until: Date) {
        self.reviewer = reviewer
        self.until = until
    }

    /// Whether the lease still holds at `now`.
    public func holds(at now: Date) -> Bool { until >= now }
}
