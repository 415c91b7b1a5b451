import Foundation

/// The review queue in memory: for tests and throwaway servers.
public actor InMemoryReviewQueue: ReviewQueue {
    private var items: [String: ReviewItem] = [:]

    public init() {}

    public func enqueue(_ item: ReviewItem) throws {
        if let problem = item.enqueueProblem { throw StoreError(.corrupted, "review item \(item.id) cannot be stored: \(problem)") }
        guard items[item.id] == nil else { throw StoreError(.conflict, "a review item with this id exists") }
        items[item.id] = item
    }

    public func item(id: String, tenant: String) -> ReviewItem? {
        guard let item = items[id], ReviewItem.same(item.tenant, tenant) else { return nil }
        return item
    }

    public func pending(tenant: String, limit: Int, now: Date) -> [ReviewItem] {
        let open = items.values.filter { ReviewItem.same($0.tenant, tenant) && $0.isOpen(at: now) }
        return Array(open.sorted(by: Self.queueOrder).prefix(max(0, limit)))
    }

    public func claim(id: String, tenant: String, reviewer: String, lease: Duration, now: Date) -> ReviewClaim {
        guard var item = item(id: id, tenant: tenant) else { return .notFound }
        let claim = item.claim(reviewer: reviewer, lease: lease, now: now)
        items[id] = item
        return claim
    }

    public func decide(id: String, tenant: String, decision: ReviewDecision, now: Date) -> ReviewOutcome {
        guard var item = item(id: id, tenant: tenant) else { return .notFound }
        let outcome = item.decide(decision, now: now)
        items[id] = item
        return outcome
    }

    public func markReleased(id: String, tenant: String) -> Bool {
        guard var item = item(id: id, tenant: tenant), item.release() else { return false }
        items[id] = item
        return true
    }

    public func expire(now: Date) -> [ReviewItem] {
        var expired: [ReviewItem] = []
        for (id, original) in items {
            var item = original
            guard item.expire(now: now) else { continue }
            items[id] = item
            expired.append(item)
        }
        return expired.sorted { a, b in
            a.expiresAt != b.expiresAt ? a.expiresAt < b.expiresAt : a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
    }

    public func resolved(tenant: String, since: Date, limit: Int) -> [ReviewItem] {
        let resolved = items.values.filter { item in
            guard ReviewItem.same(item.tenant, tenant), let at = item.resolvedAt else { return false }
            return at >= since
        }
        let sorted = resolved.sorted { a, b in
            let (x, y) = (a.resolvedAt ?? .distantPast, b.resolvedAt ?? .distantPast)
            return x != y ? x < y : a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
        }
        return Array(sorted.prefix(max(0, limit)))
    }

    /// Highest priority first, then oldest, then by id in byte order.
    private static func queueOrder(_ a: ReviewItem, _ b: ReviewItem) -> Bool {
        if a.priority != b.priority { return a.priority > b.priority }
        if a.createdAt != b.createdAt { return a.createdAt < b.createdAt }
        return a.id.utf8.lexicographicallyPrecedes(b.id.utf8)
    }
}
