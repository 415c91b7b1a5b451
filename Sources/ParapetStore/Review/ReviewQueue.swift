import Foundation

/// The human review queue: items held for (or sampled for) reviewers, tenant-scoped.
///
/// Implementers' duties (checked by `StoreConformance` in ParapetTesting). The rules of claims,
/// decisions and expiry are those of `ReviewItem+Workflow` (`claim`, `decide`, `expire`,
/// `release`): an implementation loads the item, applies the rule and stores the result in one
/// atomic step, so that any number of concurrent callers — in this process or in others sharing
/// the database — see the same outcome as if they had run one by one.
/// - `enqueue` stores a fresh item (`ReviewItem.enqueueProblem` is nil) durably before it
///   returns; an item with an id that exists in any tenant is `StoreError.conflict`, an invalid
///   item `StoreError.corrupted`. Every field reads back exactly.
/// - Every lookup and change is scoped by `tenant`: another tenant's id behaves as not found.
/// - `pending` lists unresolved items not past their expiry (`expiresAt >= now`), highest
///   `priority` first, then oldest `createdAt`, then by id (byte order).
/// - `claim`: of any number of concurrent claims of one item by different reviewers, exactly
///   one gets `.claimed`; the others get `.heldByOther` until the lease runs out.
/// - `decide` records a decision only for the holder of a live lease.
/// - `markReleased` returns true exactly once per resolved item, whatever the concurrency.
/// - `expire(now:)` resolves every pending item of every tenant whose `expiresAt` is before `now`,
///   and returns them (by `expiresAt`, then id) so that their clients can be told.
/// - `resolved` lists a tenant's resolved items with `resolvedAt >= since`, oldest first, then by id.
/// - Times set by the queue (lease ends, `resolvedAt`) are whole microseconds.
public protocol ReviewQueue: Sendable {
    /// Stores a new item.
    func enqueue(_ item: ReviewItem) async throws
    /// The item, or nil when there is none with this id in `tenant`.
    func item(id: String, tenant: String) async throws -> ReviewItem?
    /// At most `limit` unresolved, unexpired items of `tenant`, by priority.
    func pending(tenant: String, limit: Int, now: Date) async throws -> [ReviewItem]
    /// Gives `reviewer` the item for `lease` (or renews the holder's lease).
    func claim(id: String, tenant: String, reviewer: String, lease: Duration, now: Date) async throws -> ReviewClaim
    /// Records the lease holder's decision (`decision.reviewerKeyID`) and clears the lease.
    func decide(id: String, tenant: String, decision: ReviewDecision, now: Date) async throws -> ReviewOutcome
    /// Marks a resolved item delivered; true for the one call that did, false otherwise (and for
    /// a pending or unknown item).
    func markReleased(id: String, tenant: String) async throws -> Bool
    /// Resolves the items past their expiry as `expired`; returns them.
    func expire(now: Date) async throws -> [ReviewItem]
    /// At most `limit` items of `tenant` resolved at or after `since`, oldest first.
    func resolved(tenant: String, since: Date, limit: Int) async throws -> [ReviewItem]
}
