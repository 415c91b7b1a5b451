import Foundation
import ParapetStore

extension StoreConformance {
    static func cached(
        _ tenant: String, _ key: String, route: String = "chat", body: [UInt8] = Array(#"{"choices":[]}"#.utf8), created: Int64 = 0, expires: Int64
    ) -> CachedResponse {
        CachedResponse(
            tenant: tenant, key: key, route: route, body: body, createdAt: date(microseconds: baseMicroseconds + created),
            expiresAt: date(microseconds: baseMicroseconds + expires))
    }

    static func cacheChecks(_ cache: any ResponseCache, _ log: Log) async throws {
        let t = baseMicroseconds
        let k1 = String(repeating: "ab", count: 32)
        let k2 = String(repeating: "cd", count: 32)
        let k3 = String(repeating: "ef", count: 32)
        log.expectEqual(try await cache.entry(tenant: "t1", key: k1), nil, "fresh cache has no entry")
        log.expectEqual(try await cache.purge(expiredBefore: date(microseconds: t + 1_000_000_000)), 0, "fresh cache purges nothing")
        log.expectEqual(try await cache.removeAll(tenant: "t1", route: nil), 0, "fresh cache removes nothing")

        let first = cached("t1", k1, body: Array(#"{"content":"Grüße 🚦 \u0000"}"#.utf8) + [0, 0xFF, 0x80], created: 1, expires: 60_000_000)
        let sameKeyOtherTenant = cached("t2", k1, body: Array("other tenant".utf8), expires: 60_000_000)
        let empty = cached("t1", k2, route: "embed", body: [], created: 2, expires: 10)
        let fourth = cached("t1", k3, expires: 30)
        for entry in [first, sameKeyOtherTenant, empty, fourth] { try await cache.put(entry) }

        log.expectEqual(try await cache.entry(tenant: "t1", key: k1), first, "entry round-trips every field (binary body)")
        log.expectEqual(try await cache.entry(tenant: "t2", key: k1), sameKeyOtherTenant, "the same key in another tenant is separate")
        log.expectEqual(try await cache.entry(tenant: "t3", key: k1), nil, "another tenant's key is invisible")
        log.expectEqual(try await cache.entry(tenant: "t2", key: k2), nil, "another tenant's key is invisible (t2)")
        log.expectEqual(try await cache.entry(tenant: "t1", key: k2), empty, "an empty body round-trips (and stale entries are returned)")

        let replaced = cached("t1", k1, body: Array("replaced".utf8), created: 5, expires: 120_000_000)
        try await cache.put(replaced)
        log.expectEqual(try await cache.entry(tenant: "t1", key: k1), replaced, "put replaces the same tenant and key")
        log.expectEqual(try await cache.entry(tenant: "t2", key: k1), sameKeyOtherTenant, "put does not touch another tenant")

        log.expectEqual(try await cache.purge(expiredBefore: date(microseconds: t + 30)), 1, "purge deletes entries expiring strictly before the date")
        log.expectEqual(try await cache.entry(tenant: "t1", key: k2), nil, "the purged entry is gone")
        log.expectEqual(try await cache.entry(tenant: "t1", key: k3), fourth, "an entry expiring at the date stays")

        let embedding = cached("t1", String(repeating: "01", count: 32), route: "embed", expires: 60_000_000)
        let otherTenantChat = cached("t2", k3, expires: 60_000_000)
        try await cache.put(embedding)
        try await cache.put(otherTenantChat)
        log.expectEqual(try await cache.removeAll(tenant: "t1", route: "chat"), 2, "removeAll(route:) deletes the tenant's entries of the route")
        log.expectEqual(try await cache.entry(tenant: "t1", key: k1), nil, "removed (k1)")
        log.expectEqual(try await cache.entry(tenant: "t1", key: k3), nil, "removed (k3)")
        log.expectEqual(try await cache.entry(tenant: "t1", key: embedding.key), embedding, "removeAll(route:) keeps other routes")
        log.expectEqual(try await cache.entry(tenant: "t2", key: k3), otherTenantChat, "removeAll(route:) keeps other tenants")
        log.expectEqual(try await cache.removeAll(tenant: "t1", route: nil), 1, "removeAll(route: nil) deletes every route of the tenant")
        log.expectEqual(try await cache.entry(tenant: "t1", key: embedding.key), nil, "removed (embedding)")
        log.expectEqual(try await cache.entry(tenant: "t2", key: k1), sameKeyOtherTenant, "removeAll keeps other tenants")
        log.expectEqual(try await cache.removeAll(tenant: "t2", route: nil), 2, "removeAll of t2")
        log.expectEqual(try await cache.purge(expiredBefore: date(microseconds: t + 1_000_000_000)), 0, "nothing left")
    }
}
