import Foundation

/// What `ReviewQueue.claim` found.
public enum ReviewClaim: Sendable, Hashable {
    /// The reviewer holds the item (a new lease, or the holder's lease renewed).
    case claimed(ReviewItem)
    /// Another reviewer's lease holds until `until`.
    case heldByOther(reviewer: String, until: Date)
    /// The reviewer already decided this item; it waits for other reviewers.
    case alreadyDecidedByThisReviewer(ReviewItem)
    /// The item is past `expiresAt` and waits for the expiry sweep.
    case expired(ReviewItem)
    /// The item has a final status.
    case resolved(ReviewItem)
    /// No item with this id in this tenant.
    case notFound
}
