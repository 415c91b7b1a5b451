import Foundation
import ParapetStore

/// Where review events go. `notify` is called on the request path, after the queue change is
/// durable: implementations must return at once (queue the work, never wait on a network) and
/// must not throw — a notification that cannot be sent is the sink's problem, not the request's.
public protocol ReviewEventSink: Sendable {
    func notify(_ event: ReviewEvent)
}

/// A `ReviewQueue` that forwards every call to the queue it wraps and, after a call that changed
/// an item succeeded, tells a sink: `review.created` after `enqueue`, `review.decided` after each
/// recorded decision (and `review.resolved` when that decision settled the item), and
/// `review.resolved` for every item `expire` resolved.
///
/// Nothing is sent for calls that fail or change nothing, so every event describes a state that
/// is in the store. Wrapping the queue (`ParapetServerApp(notifier:)`) covers every caller — the
/// gateway's holds, the reviewer routes, the client's poll and the expiry maintenance — without
/// their code knowing.
public struct NotifyingReviewQueue: ReviewQueue {
    public let base: any ReviewQueue
    public let sink: any ReviewEventSink
    /// When `review.created` happened (the other events use the `now` of their call).
    private let clock: @Sendable () -> Date

    public init(wrapping base: any ReviewQueue, sink: any ReviewEventSink, clock: @escaping @Sendable () -> Date = { Date() }) {
        self.base = base
        self.sink = sink
        self.clock = clock
    }

    public func enqueue(_ item: ReviewItem) async throws {
        try await base.enqueue(item)
        sink.notify(.created(item, at: clock()))
    }

    public func item(id: String, tenant: String) async throws -> ReviewItem? {
        try await base.item(id: id, tenant: tenant)
    }

    public func pending(tenant: String, limit: Int, now: Date) async throws -> [ReviewItem] {
        try await base.pending(tenant: tenant, limit: limit, now: now)
    }

    public func claim(id: String, tenant: String, reviewer: String, lease: Duration, now: Date) async throws -> ReviewClaim {
        try await base.claim(id: id, tenant: tenant, reviewer: reviewer, lease: lease, now: now)
    }

    public func decide(id: String, tenant: String, decision: ReviewDecision, now: Date) async throws -> ReviewOutcome {
        let outcome = try await base.decide(id: id, tenant: tenant, decision: decision, now: now)
        if case .recorded(let item, let resolved) = outcome {
            if let event = ReviewEvent.decided(item, at: now) { sink.notify(event) }
            if resolved, let event = ReviewEvent.resolved(item, at: now) { sink.notify(event) }
        }
        return outcome
    }

    public func markReleased(id: String, tenant: String) async throws -> Bool {
        try await base.markReleased(id: id, tenant: tenant)
    }

    public func expire(now: Date) async throws -> [ReviewItem] {
        let expired = try await base.expire(now: now)
        for item in expired {
            if let event = ReviewEvent.resolved(item, at: now) { sink.notify(event) }
        }
        return expired
    }

    public func resolved(tenant: String, since: Date, limit: Int) async throws -> [ReviewItem] {
        try await base.resolved(tenant: tenant, since: since, limit: limit)
    }
}
