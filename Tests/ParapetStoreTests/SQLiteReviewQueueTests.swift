import Foundation
import GRDB
import ParapetStore
import ParapetTesting
import Testing

@testable import ParapetSQLite

@Suite struct SQLiteReviewQueueTests {
    static let base: Int64 = 1_700_000_000_000_000

    static func at(_ offset: Int64) -> Date { StoreConformance.date(microseconds: base + offset) }

    static func item(_ id: String, approvals: Int = 1, expires: Int64 = 3_600_000_000) -> ReviewItem {
        ReviewItem(
            id: id, tenant: "t1", route: "support", kind: .preAction, level: .high, priority: 2.5, requiredApprovals: approvals,
            requiresSenior: false, createdAt: at(0), expiresAt: at(expires), onExpiry: .reject, subject: "order:1",
            request: Array("{\"q\":1}".utf8), suggestion: Array("{\"a\":\"ü\"}".utf8) + [0], confidence: 0.5, findings: Array("[]".utf8),
            triggers: Array("[\"band\"]".utf8))
    }

    @Test func itemsAndDecisionsSurviveReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"))
        let written: [ReviewItem?]
        do {
            let reviews = try SQLiteStores.open(configuration).reviews
            for id in ["rev_a", "rev_b", "rev_c"] { try await reviews.enqueue(Self.item(id, approvals: id == "rev_b" ? 2 : 1)) }
            _ = try await reviews.claim(id: "rev_a", tenant: "t1", reviewer: "r1", lease: .seconds(60), now: Self.at(1))
            let edit = ReviewDecision(reviewerKeyID: "r1", senior: true, verdict: .edit, reasonCode: "tone", editedBody: [1, 2], at: Self.at(2))
            _ = try await reviews.decide(id: "rev_a", tenant: "t1", decision: edit, now: Self.at(2))
            _ = try await reviews.claim(id: "rev_b", tenant: "t1", reviewer: "r1", lease: .seconds(60), now: Self.at(3))
            let approve = ReviewDecision(reviewerKeyID: "r1", senior: false, verdict: .approve, reasonCode: "ok", at: Self.at(4))
            _ = try await reviews.decide(id: "rev_b", tenant: "t1", decision: approve, now: Self.at(4))
            _ = try await reviews.claim(id: "rev_c", tenant: "t1", reviewer: "r2", lease: .seconds(600), now: Self.at(5))
            written = [
                try await reviews.item(id: "rev_a", tenant: "t1"), try await reviews.item(id: "rev_b", tenant: "t1"),
                try await reviews.item(id: "rev_c", tenant: "t1"),
            ]
        }
        #expect(written[0]?.status == .edited && written[1]?.approvals == 1 && written[2]?.lease?.reviewer == "r2")
        let reviews = try SQLiteStores.open(configuration).reviews
        let read = [
            try await reviews.item(id: "rev_a", tenant: "t1"), try await reviews.item(id: "rev_b", tenant: "t1"),
            try await reviews.item(id: "rev_c", tenant: "t1"),
        ]
        #expect(read == written)
        #expect(try await reviews.pending(tenant: "t1", limit: 10, now: Self.at(6)).map(\.id) == ["rev_b", "rev_c"])
        let claim = try await reviews.claim(id: "rev_c", tenant: "t1", reviewer: "r3", lease: .seconds(60), now: Self.at(6))
        #expect(claim == .heldByOther(reviewer: "r2", until: Self.at(5 + 600_000_000)))
        #expect(try await reviews.markReleased(id: "rev_a", tenant: "t1"))
        #expect(try await reviews.markReleased(id: "rev_a", tenant: "t1") == false)
    }

    /// Two databases on one file stand for two processes: their connections only share the file
    /// and its locks. Claims and releases through both are still exactly-once.
    @Test func twoConnectionsOnOneFileClaimAndReleaseOnce() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"), durability: .normal, busyTimeoutSeconds: 30)
        let queues = [try SQLiteStores.open(configuration).reviews, try SQLiteStores.open(configuration).reviews]
        try await queues[0].enqueue(Self.item("rev_race"))
        let claims = try await withThrowingTaskGroup(of: ReviewClaim.self) { group in
            for task in 0..<50 {
                let queue = queues[task % 2]
                group.addTask { try await queue.claim(id: "rev_race", tenant: "t1", reviewer: "r\(task)", lease: .seconds(60), now: Self.at(1)) }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        let winners = claims.compactMap { claim -> String? in if case .claimed(let item) = claim { item.lease?.reviewer } else { nil } }
        #expect(winners.count == 1)
        let winner = try #require(winners.first)
        #expect(claims.filter { $0 == .heldByOther(reviewer: winner, until: Self.at(1 + 60_000_000)) }.count == 49)

        let decision = ReviewDecision(reviewerKeyID: winner, senior: false, verdict: .approve, reasonCode: "ok", at: Self.at(2))
        let outcome = try await queues[1].decide(id: "rev_race", tenant: "t1", decision: decision, now: Self.at(2))
        guard case .recorded(let item, resolved: true) = outcome else {
            Issue.record("the winner's decision through the other connection: \(outcome)")
            return
        }
        #expect(item.finalBody == Self.item("rev_race").suggestion)
        let releases = try await withThrowingTaskGroup(of: Bool.self) { group in
            for task in 0..<50 {
                let queue = queues[task % 2]
                group.addTask { try await queue.markReleased(id: "rev_race", tenant: "t1") }
            }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(releases.filter { $0 }.count == 1)
    }

    @Test func aVersion2DatabaseGainsTheQueue() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("parapet.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v2")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO kill_switches VALUES ('t1', 'tool', 'shell', '', 'r', 'k', 5)")
            }
        }
        let stores = try SQLiteStores.open(SQLiteConfiguration(path: path))
        #expect(try await stores.switches.all().map(\.name) == ["shell"])
        try await stores.reviews.enqueue(Self.item("rev_1"))
        #expect(try await stores.reviews.item(id: "rev_1", tenant: "t1") == Self.item("rev_1"))
    }

    /// The queue's lookups, listings and sweep (their SQL as the queue runs it) use a key or an
    /// index, and never sort in a temporary B-tree.
    @Test func queueQueriesUseTheIndexes() async throws {
        let database = try SQLiteDatabase(SQLiteConfiguration(path: ":memory:"))
        let queries: [(String, StatementArguments)] = [
            (SQLiteReviewQueue.pendingSQL, ["t1", 5, 10]),
            (SQLiteReviewQueue.resolvedSQL, ["t1", 5, 10]),
            (SQLiteReviewQueue.expirySQL, [5]),
            ("SELECT \(SQLiteReviewQueue.columns) FROM review_items WHERE id = ? AND tenant = ?", ["rev_1", "t1"]),
            ("UPDATE review_items SET released = 1 WHERE id = ? AND tenant = ? AND status <> 'pending' AND released = 0", ["rev_1", "t1"]),
        ]
        for (sql, arguments) in queries {
            let plan = try await database.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
        }
    }
}
