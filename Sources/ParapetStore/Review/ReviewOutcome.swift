import Foundation

/// What `ReviewQueue.decide` did.
public enum ReviewOutcome: Sendable, Hashable {
    /// The decision was recorded and the lease cleared; `resolved` says whether it settled the item.
    case recorded(ReviewItem, resolved: Bool)
    /// The decider does not hold a live lease on the item: nothing changed.
    case notLeaseHolder
    /// The decider already decided this item: nothing changed.
    case alreadyDecidedByThisReviewer
    /// The item is past `expiresAt` and waits for the expiry sweep: nothing changed.
    case expired(ReviewItem)
    /// The item already had a final status: nothing changed.
    case resolved(ReviewItem)
    /// No item with this id in this tenant.
    case notFound
}
