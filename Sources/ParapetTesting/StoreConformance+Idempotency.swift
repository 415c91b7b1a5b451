import Foundation
import ParapetStore

extension StoreConformance {
    /// Headers no encoding can take for granted: non-ASCII, quotes, separators, a leading
    /// combining mark, NUL, an empty value and a repeated name, in an order that is not sorted.
    static let awkwardHeaders = [
        StoredHeader(name: "content-type", value: "application/json; charset=utf-8"),
        StoredHeader(name: "x-parapet-note", value: "Grüße — 🚦 \"q\", a=b; c\\d [x] {y} %2C"),
        StoredHeader(name: "x-empty", value: ""),
        StoredHeader(name: "x-dup", value: "\u{301}second"),
        StoredHeader(name: "x-dup", value: "first\u{0}nul\r\n"),
        StoredHeader(name: "a-last", value: ","),
    ]

    static func idempotencyChecks(_ store: any IdempotencyStore, _ log: Log) async throws {
        let t = baseMicroseconds
        let now = date(microseconds: t)
        let expires = date(microseconds: t + 60_000_000)
        func claim(_ tenant: String, _ key: String, _ hash: String, at offset: Int64 = 1, expiresAt: Date = expires) async throws -> IdempotencyClaim {
            try await store.claim(tenant: tenant, key: key, requestHash: hash, now: date(microseconds: t + offset), expiresAt: expiresAt)
        }

        log.expectEqual(
            try await store.claim(tenant: "t1", key: "k1", requestHash: "h1", now: now, expiresAt: expires), .claimed, "a free key is claimed")
        log.expectEqual(try await claim("t1", "k1", "h1"), .inFlight, "the same request while running is in flight")
        log.expectEqual(try await claim("t1", "k1", "h2"), .mismatch, "another request with the key is a mismatch")
        log.expectEqual(try await claim("t2", "k1", "h1"), .claimed, "the same key in another tenant is separate")

        let response = StoredResponse(status: 201, headers: awkwardHeaders, body: Array("{\"id\":\"chatcmpl-ü\"}".utf8) + [0, 0xFF])
        try await store.complete(tenant: "t1", key: "k1", response: response)
        log.expectEqual(try await claim("t1", "k1", "h1"), .completed(response), "a completed key replays headers and body exactly")
        log.expectEqual(try await claim("t1", "k1", "h2"), .mismatch, "a completed key with another request is a mismatch")
        log.expectEqual(try await claim("t2", "k1", "h1"), .inFlight, "completion does not leak to another tenant")

        log.expectEqual(try await claim("t1", "k2", "h1"), .claimed, "claim k2")
        let emptyResponse = StoredResponse(status: 204, headers: [], body: [])
        try await store.complete(tenant: "t1", key: "k2", response: emptyResponse)
        log.expectEqual(try await claim("t1", "k2", "h1"), .completed(emptyResponse), "an empty body and no headers replay exactly")

        log.expectEqual(try await claim("t1", "k3", "h1"), .claimed, "claim k3")
        try await store.abandon(tenant: "t2", key: "k3")
        log.expectEqual(try await claim("t1", "k3", "h1"), .inFlight, "abandon is tenant-scoped")
        try await store.abandon(tenant: "t1", key: "k3")
        log.expectEqual(try await claim("t1", "k3", "h9"), .claimed, "abandon frees the key for any request")
        try await store.abandon(tenant: "t1", key: "k1")
        log.expectEqual(try await claim("t1", "k1", "h1"), .completed(response), "abandon leaves a completed key alone")
        try await store.abandon(tenant: "t1", key: "never")

        // Expiry: at `expiresAt` the claim still holds; after it, the key is free again.
        let soon = date(microseconds: t + 10)
        log.expectEqual(try await claim("t1", "k4", "h1", at: 0, expiresAt: soon), .claimed, "claim k4")
        log.expectEqual(try await claim("t1", "k4", "h1", at: 10), .inFlight, "a claim expiring now still holds")
        log.expectEqual(try await claim("t1", "k4", "h2", at: 11), .claimed, "an expired claim counts as absent")
        log.expectEqual(try await claim("t1", "k4", "h2", at: 12), .inFlight, "the new claim holds")
        log.expectEqual(try await claim("t1", "k4", "h1", at: 12), .mismatch, "the new claim has the new request")
        let afterwards = date(microseconds: t + 120_000_000)
        log.expectEqual(try await claim("t1", "k2", "h2", at: 60_000_001, expiresAt: afterwards), .claimed, "an expired result counts as absent")
        log.expectEqual(try await claim("t1", "k2", "h2", at: 60_000_002), .inFlight, "the key was claimed afresh, its old result dropped")
    }

    static func idempotencyPurgeChecks(_ store: any IdempotencyStore, _ log: Log) async throws {
        let t = baseMicroseconds
        let now = date(microseconds: t)
        log.expectEqual(try await store.purge(expiredBefore: date(microseconds: t + 1_000_000_000)), 0, "fresh store purges nothing")
        for (tenant, key, expires) in [("t1", "a", 10), ("t2", "a", 20), ("t1", "b", 30), ("t1", "c", 40)] as [(String, String, Int64)] {
            _ = try await store.claim(tenant: tenant, key: key, requestHash: "h", now: now, expiresAt: date(microseconds: t + expires))
        }
        try await store.complete(tenant: "t1", key: "b", response: StoredResponse(status: 200, headers: [], body: [1]))
        log.expectEqual(try await store.purge(expiredBefore: date(microseconds: t + 30)), 2, "purge deletes keys expiring strictly before the date")
        log.expectEqual(
            try await store.claim(tenant: "t1", key: "b", requestHash: "h", now: now, expiresAt: date(microseconds: t + 30)),
            .completed(StoredResponse(status: 200, headers: [], body: [1])), "purge keeps a result expiring at the date")
        log.expectEqual(try await store.purge(expiredBefore: date(microseconds: t + 41)), 2, "purge deletes claims and results")
        log.expectEqual(
            try await store.claim(tenant: "t1", key: "c", requestHash: "x", now: now, expiresAt: date(microseconds: t + 50)), .claimed,
            "purged keys are free")
    }

    /// 50 concurrent claims of one key, with two request bodies: exactly one wins; the others see
    /// it in flight (same body) or a mismatch (other body).
    static func idempotencyConcurrencyChecks(_ store: any IdempotencyStore, _ log: Log) async throws {
        let now = date(microseconds: baseMicroseconds)
        let expires = date(microseconds: baseMicroseconds + 60_000_000)
        let results = await withTaskGroup(of: (String, Result<IdempotencyClaim, any Error>).self) { group in
            for task in 0..<50 {
                group.addTask {
                    let hash = task % 3 == 0 ? "hA" : "hB"
                    do {
                        return (hash, .success(try await store.claim(tenant: "t1", key: "race", requestHash: hash, now: now, expiresAt: expires)))
                    } catch {
                        return (hash, .failure(error))
                    }
                }
            }
            var results: [(String, Result<IdempotencyClaim, any Error>)] = []
            for await result in group { results.append(result) }
            return results
        }
        let winners = results.filter { if case .success(.claimed) = $0.1 { true } else { false } }
        log.expectEqual(winners.count, 1, "exactly one concurrent claim wins")
        guard let winner = winners.first?.0 else { return }
        for (hash, result) in results {
            switch result {
            case .success(.claimed): continue
            case .success(let claim): log.expectEqual(claim, hash == winner ? .inFlight : .mismatch, "a losing concurrent claim")
            case .failure(let error): log.fail("concurrent claims succeed", "\(error)")
            }
        }
    }
}
