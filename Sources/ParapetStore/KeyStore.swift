import Foundation

/// API keys, looked up by the hash of the presented secret.
///
/// Implementers' duties (checked by `StoreConformance` in ParapetTesting):
/// - `insert` refuses a second key with the same id or the same hash (`StoreError.conflict`).
/// - Lookups by hash return revoked keys too (the caller decides); `revoke` is idempotent and
///   scoped: a key of another tenant is "not found" (`nil`).
/// - `keys(tenant:)` returns only that tenant's keys, ordered by `createdAt`, then `id`.
public protocol KeyStore: Sendable {
    func insert(_ key: APIKey) async throws
    func key(hash: [UInt8]) async throws -> APIKey?
    func key(id: String) async throws -> APIKey?
    func keys(tenant: String) async throws -> [APIKey]
    /// Marks the key revoked at `at` if it belongs to `tenant`; returns the updated key, or nil.
    func revoke(id: String, tenant: String, at: Date) async throws -> APIKey?
    /// Number of keys, revoked included (to detect a first start).
    func count() async throws -> Int
}
