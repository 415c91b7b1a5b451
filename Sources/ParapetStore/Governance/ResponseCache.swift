import Foundation

/// A stored answer of the exact-match response cache.
public struct CachedResponse: Sendable, Hashable {
    public var tenant: String
    /// Hex SHA-256 of the canonical request (the route is part of it).
    public var key: String
    public var route: String
    /// The completion as delivered (after the output guard), OpenAI's JSON shape.
    public var body: [UInt8]
    public var createdAt: Date
    /// Fresh until then; a stale entry may still serve the degradation chain until purged.
    public var expiresAt: Date

    public init(tenant: String, key: String, route: String, body: [UInt8], createdAt: Date, expiresAt: Date) {
        self.tenant = tenant
        self.key = key
        self.route = route
        self.body = body
        self.createdAt = createdAt
        self.expiresAt = expiresAt
    }
}

/// Exact-match cache of deterministic answers, tenant-scoped.
///
/// Implementers' duties (checked by `StoreConformance`):
/// - `entry(tenant:key:)` returns only an entry stored under the same tenant and key, fresh or
///   stale (the caller compares `expiresAt`); another tenant's entry with the same key is invisible.
/// - `put` replaces an entry with the same tenant and key.
/// - `purge(expiredBefore:)` deletes entries whose `expiresAt` is before the date, returns the count.
/// - `removeAll(tenant:route:)` deletes the tenant's entries of one route (nil: all its routes).
public protocol ResponseCache: Sendable {
    func entry(tenant: String, key: String) async throws -> CachedResponse?
    func put(_ entry: CachedResponse) async throws
    func purge(expiredBefore: Date) async throws -> Int
    func removeAll(tenant: String, route: String?) async throws -> Int
}
