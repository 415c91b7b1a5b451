import Foundation
import ParapetCore
import ParapetStore

extension StoreConformance {
    static func keyHash(_ seed: UInt8) -> [UInt8] { (0..<32).map { UInt8(truncatingIfNeeded: Int($0) &* 7 &+ Int(seed)) } }

    static func keyChecks(_ keys: any KeyStore, _ log: Log) async throws {
        log.expectEqual(try await keys.count(), 0, "fresh key store is empty")
        let t = baseMicroseconds
        // Inserted out of creation order, so "oldest first" cannot be insertion order by accident.
        let newer = APIKey(
            id: "key_00000000000000a1", tenant: "t1", role: .admin, name: "Ops — Ünïcode 🔑, \"quoted\"", hash: keyHash(1),
            createdAt: date(microseconds: t + 2_000_001))
        let older = APIKey(
            id: "key_00000000000000a2", tenant: "t1", role: .client, name: "", hash: keyHash(2), createdAt: date(microseconds: t + 1_000_000))
        let revoked = APIKey(
            id: "key_00000000000000a3", tenant: "t1", role: .reviewer, name: "nul\u{0}inside", hash: keyHash(3),
            createdAt: date(microseconds: t + 3_000_000), revokedAt: date(microseconds: t + 4_000_007))
        let other = APIKey(
            id: "key_00000000000000b1", tenant: "t2", role: .admin, name: "other tenant", hash: keyHash(4), createdAt: date(microseconds: t))
        for key in [newer, older, revoked, other] { try await keys.insert(key) }

        log.expectEqual(try await keys.key(id: newer.id), newer, "key(id:) round-trips every field")
        log.expectEqual(try await keys.key(id: revoked.id), revoked, "key(id:) round-trips a key inserted revoked")
        log.expectEqual(try await keys.key(hash: older.hash), older, "key(hash:) finds the key")
        log.expectEqual(try await keys.key(hash: keyHash(99)), nil, "key(hash:) of an unknown secret is nil")
        log.expectEqual(try await keys.key(id: "key_unknown"), nil, "key(id:) of an unknown id is nil")

        var sameID = other
        sameID.hash = keyHash(50)
        await log.expectConflict("insert refuses a duplicate id") { try await keys.insert(sameID) }
        var sameHash = newer
        sameHash.id = "key_00000000000000c1"
        await log.expectConflict("insert refuses a duplicate hash") { try await keys.insert(sameHash) }
        log.expectEqual(try await keys.count(), 4, "refused inserts store nothing")
        log.expectEqual(try await keys.key(id: sameHash.id), nil, "refused insert left no key")
        log.expectEqual(try await keys.key(hash: keyHash(50)), nil, "refused insert left no hash")
        log.expectEqual(try await keys.key(id: other.id), other, "refused insert left the original intact")

        log.expectEqual(try await keys.keys(tenant: "t1"), [older, newer, revoked], "keys(tenant:) is tenant-scoped, oldest first")
        log.expectEqual(try await keys.keys(tenant: "t2"), [other], "keys(tenant:) of another tenant")
        log.expectEqual(try await keys.keys(tenant: "nobody"), [], "keys(tenant:) of an unknown tenant is empty")

        let at = date(microseconds: t + 9_000_003)
        log.expectEqual(try await keys.revoke(id: newer.id, tenant: "t2", at: at), nil, "revoke of another tenant's key is nil")
        log.expectEqual(try await keys.key(id: newer.id), newer, "revoke of another tenant's key changes nothing")
        var expected = newer
        expected.revokedAt = at
        log.expectEqual(try await keys.revoke(id: newer.id, tenant: "t1", at: at), expected, "revoke returns the revoked key")
        log.expectEqual(
            try await keys.revoke(id: newer.id, tenant: "t1", at: date(microseconds: t + 20_000_000)), expected,
            "revoke is idempotent (keeps the first time)")
        log.expectEqual(try await keys.key(hash: newer.hash), expected, "key(hash:) returns revoked keys")
        log.expectEqual(try await keys.revoke(id: "key_unknown", tenant: "t1", at: at), nil, "revoke of an unknown key is nil")
        log.expectEqual(try await keys.count(), 4, "count includes revoked keys")
    }
}
