import Foundation
import ParapetStore
import Synchronization

/// Resolves `Authorization: Bearer <secret>` to a key: SHA-256 of the secret, looked up in the
/// `KeyStore` behind an in-process cache so that the hot path reads no database.
///
/// Cached entries expire after `ttl` (a revocation made by another process takes effect within
/// it); unknown secrets are remembered for `negativeTTL` so that guessing does not hammer the
/// store. A revocation through this server's API evicts the key at once (`evict(keyID:)`).
final class KeyAuthenticator: Sendable {
    private struct Entry {
        var key: APIKey?
        var expires: ContinuousClock.Instant
    }

    private let store: any KeyStore
    private let ttl: Duration
    private let negativeTTL: Duration
    private let maxEntries: Int
    private let cache = Mutex<[[UInt8]: Entry]>([:])

    init(store: any KeyStore, ttl: Duration = .seconds(5), negativeTTL: Duration = .seconds(1), maxEntries: Int = 10_000) {
        self.store = store
        self.ttl = ttl
        self.negativeTTL = negativeTTL
        self.maxEntries = maxEntries
    }

    /// The active key the header names; 401 when it is missing, malformed, unknown or revoked.
    func authenticate(authorization header: String?) async throws -> APIKey {
        guard let header else { throw APIError.authentication("missing API key: send Authorization: Bearer <key>", code: "missing_api_key") }
        guard let secret = Self.bearerToken(header) else {
            throw APIError.authentication("malformed Authorization header: expected Bearer <key>", code: "invalid_authorization_header")
        }
        let hash = KeyMinter.hash(secret: secret)
        let now = ContinuousClock.now
        let cached = cache.withLock { $0[hash] }
        let key: APIKey?
        if let cached, cached.expires > now {
            key = cached.key
        } else {
            key = try await store.key(hash: hash)
            let entry = Entry(key: key, expires: now.advanced(by: key == nil ? negativeTTL : ttl))
            cache.withLock { cache in
                if cache.count >= maxEntries { cache.removeAll(keepingCapacity: true) }
                cache[hash] = entry
            }
        }
        // The store matched on the hash; compare again in constant time so no implementation's
        // lookup shortcut can accept a different secret.
        guard let key, Self.constantTimeEquals(key.hash, hash) else { throw APIError.authentication("invalid API key") }
        guard !key.isRevoked else { throw APIError.authentication("API key revoked", code: "revoked_api_key") }
        return key
    }

    /// Drops a key from the cache (after a revocation through this server).
    func evict(keyID: String) {
        cache.withLock { cache in
            let stale = cache.compactMap { $0.value.key?.id == keyID ? $0.key : nil }
            for hash in stale { cache[hash] = nil }
        }
    }

    /// The token of `Bearer <token>` (scheme case-insensitive), 1…512 visible ASCII characters.
    static func bearerToken(_ header: String) -> String? {
        let utf8 = header.utf8
        guard utf8.count > 7, utf8.count <= 519 else { return nil }
        var start = utf8.startIndex
        for expected in "bearer ".utf8 {
            let b = utf8[start]
            guard b == expected || (expected != 0x20 && b | 0x20 == expected) else { return nil }
            start = utf8.index(after: start)
        }
        var end = utf8.endIndex
        while start < end, utf8[start] == 0x20 { start = utf8.index(after: start) }
        while start < end, utf8[utf8.index(before: end)] == 0x20 { end = utf8.index(before: end) }
        guard start < end, utf8[start..<end].allSatisfy({ $0 > 0x20 && $0 < 0x7F }) else { return nil }
        return String(header[start..<end])
    }

    static func constantTimeEquals(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        guard a.count == b.count else { return false }
        var difference: UInt8 = 0
        for i in a.indices { difference |= a[i] ^ b[i] }
        return difference == 0
    }
}
