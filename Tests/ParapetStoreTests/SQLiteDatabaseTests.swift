import Foundation
import GRDB
import ParapetAudit
import ParapetCore
import ParapetStore
import ParapetTesting
import Testing

@testable import ParapetSQLite

@Suite struct SQLiteDatabaseTests {
    static let chain = AuditChain(signingKey: Array("test-signing-key".utf8), checkpointInterval: 2)

    static func entry(_ i: Int, tenant: String = "t1") -> AuditEntry {
        AuditEntry(
            id: "aud_\(i)", time: StoreConformance.date(microseconds: 1_700_000_000_000_000 + Int64(i) * 1_000_001), requestID: "req_\(i)",
            tenant: tenant, keyID: "key_1", direction: .input, route: nil, policyVersion: "builtin-1", action: .allow,
            categories: i % 2 == 0 ? ["pii.email"] : [], findingsJSON: "[]", detectors: ["pii@1"], latencyMicroseconds: 5, textHash: "00",
            redactedText: "text \(i) ✓", rawText: nil, metadataJSON: nil)
    }

    @Test func dataSurvivesReopening() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"))
        let key = APIKey(
            id: "key_0000000000000001", tenant: "t1", role: .admin, name: "first", hash: Array(repeating: 7, count: 32),
            createdAt: StoreConformance.date(microseconds: 1_700_000_000_123_456))
        let policy = StoredPolicy(
            tenant: "t1", name: "default", yaml: "version: 1\n", version: "1", updatedAt: StoreConformance.date(microseconds: 1_700_000_000_000_001))
        let written: [AuditRecord]
        do {
            let stores = try SQLiteStores.open(configuration)
            try await stores.keys.insert(key)
            try await stores.policies.put(policy)
            written = try await stores.audit.append((1...3).map { Self.entry($0) }, sealer: Self.chain)
        }
        let stores = try SQLiteStores.open(configuration)
        #expect(try await stores.keys.key(hash: key.hash) == key)
        #expect(try await stores.policies.all() == [policy])
        #expect(try await stores.audit.scan(after: 0, limit: 10) == written)
        #expect(try await stores.audit.checkpoints().map(\.sequence) == [2])
        let next = try await stores.audit.append([Self.entry(4)], sealer: Self.chain)
        #expect(next.map(\.sequence) == [4])
        #expect(next.first?.previousHash == written.last?.hash)
    }

    @Test func migrationsAreIdempotent() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"))
        _ = try SQLiteDatabase(configuration)
        _ = try SQLiteDatabase(configuration)
        let database = try SQLiteDatabase(configuration)
        try SQLiteSchema.migrate(database.writer)
        let applied = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT identifier FROM grdb_migrations ORDER BY identifier")
        }
        #expect(applied == ["v1", "v2", "v3"])
        let tables = try await database.writer.read { db in
            try String.fetchAll(db, sql: "SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'grdb%' ORDER BY name")
        }
        #expect(
            tables == [
                "api_keys", "audit_checkpoints", "audit_records", "budget_accounts", "budget_reservations", "idempotency_keys", "kill_switches",
                "policies", "response_cache", "review_items",
            ])
    }

    @Test func aVersion1DatabaseIsUpgradedInPlace() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("parapet.sqlite")
        do {
            let queue = try DatabaseQueue(path: path)
            try SQLiteSchema.migrator.migrate(queue, upTo: "v1")
            try await queue.write { db in
                try db.execute(sql: "INSERT INTO policies (tenant, name, yaml, version, updated_us) VALUES ('t1', 'default', 'version: 1', '1', 5)")
            }
        }
        let stores = try SQLiteStores.open(SQLiteConfiguration(path: path))
        #expect(try await stores.policies.all().map(\.name) == ["default"])
        let charge = BudgetCharge(account: "t1/tenant", tokenLimit: 10, costLimitNanos: nil)
        let reservation = try await stores.budgets.reserve(
            "r1", amount: BudgetAmount(tokens: 4, costNanos: 0), on: [charge], expiresAt: StoreConformance.date(microseconds: 10))
        #expect(reservation == .reserved)
        #expect(try await stores.budgets.balance("t1/tenant").reserved.tokens == 4)
    }

    @Test func databaseFromANewerVersionIsRefused() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"))
        do {
            let database = try SQLiteDatabase(configuration)
            try await database.writer.write { db in try db.execute(sql: "INSERT INTO grdb_migrations (identifier) VALUES ('v99')") }
        }
        #expect(throws: StoreError.self) { try SQLiteDatabase(configuration) }
    }

    @Test(arguments: [(SQLiteConfiguration.Durability.full, 2), (.normal, 1)])
    func pragmasAreApplied(durability: SQLiteConfiguration.Durability, synchronous: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(SQLiteConfiguration(path: directory.path("p.sqlite"), durability: durability, busyTimeoutSeconds: 3))
        let onWriter = try await database.writer.write { db in
            [
                try String.fetchOne(db, sql: "PRAGMA journal_mode"), try Int.fetchOne(db, sql: "PRAGMA synchronous").map(String.init),
                try Int.fetchOne(db, sql: "PRAGMA foreign_keys").map(String.init), try Int.fetchOne(db, sql: "PRAGMA busy_timeout").map(String.init),
            ]
        }
        #expect(onWriter == ["wal", "\(synchronous)", "1", "3000"])
        let onReader = try await database.writer.read { db in try Int.fetchOne(db, sql: "PRAGMA synchronous") }
        #expect(onReader == synchronous)
    }

    /// An unsynced write commits without an fsync inside the transaction and restores the
    /// configured level afterwards, also when its body fails (and then leaves nothing behind).
    @Test(arguments: [(SQLiteConfiguration.Durability.full, 2), (.normal, 1)])
    func unsyncedWritesCommitAndRestoreTheLevel(durability: SQLiteConfiguration.Durability, synchronous: Int) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let database = try SQLiteDatabase(SQLiteConfiguration(path: directory.path("p.sqlite"), durability: durability))
        let inside = try await database.writeUnsynced("test") { db in
            try db.execute(sql: "INSERT INTO budget_accounts (account, spent_tokens, spent_cost_nanos, reserved_tokens, reserved_cost_nanos) VALUES ('a', 1, 2, 3, 4)")
            return try Int.fetchOne(db, sql: "PRAGMA synchronous")
        }
        #expect(inside == 1)
        struct Failure: Error {}
        await #expect(throws: (any Error).self) {
            try await database.writeUnsynced("test") { db -> Int in
                try db.execute(sql: "INSERT INTO budget_accounts (account, spent_tokens, spent_cost_nanos, reserved_tokens, reserved_cost_nanos) VALUES ('b', 1, 2, 3, 4)")
                throw Failure()
            }
        }
        let (level, accounts) = try await database.writer.write { db in
            (try Int.fetchOne(db, sql: "PRAGMA synchronous"), try String.fetchAll(db, sql: "SELECT account FROM budget_accounts ORDER BY account"))
        }
        #expect(level == synchronous)
        #expect(accounts == ["a"])
    }

    @Test func aFileThatIsNotADatabaseIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("parapet.sqlite")
        try Data(String(repeating: "this is not a database\n", count: 200).utf8).write(to: URL(fileURLWithPath: path))
        let error = #expect(throws: StoreError.self) { try SQLiteStores.open(SQLiteConfiguration(path: path)) }
        #expect(error?.kind == .corrupted)
        #expect(error?.message.contains(path) == true)
        #expect(error?.message.contains("not a") == true)
    }

    @Test func aDirectoryAtThePathIsAClearError() throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let error = #expect(throws: StoreError.self) { try SQLiteStores.open(SQLiteConfiguration(path: directory.url.path)) }
        #expect(error?.kind == .unavailable)
    }

    @Test func inMemoryPathWorks() async throws {
        let stores = try SQLiteStores.open(SQLiteConfiguration(path: ":memory:"))
        let records = try await stores.audit.append([Self.entry(1)], sealer: Self.chain)
        #expect(try await stores.audit.lastRecord() == records.last)
    }

    /// Every query shape must be answered from an index, never by scanning or sorting the table.
    @Test func queriesUseTheIndexes() async throws {
        let database = try SQLiteDatabase(SQLiteConfiguration(path: ":memory:"))
        let t = StoreConformance.date(microseconds: 1_700_000_000_000_000)
        let queries = [
            AuditQuery(tenant: "t1"),
            AuditQuery(tenant: "t1", after: 500),
            AuditQuery(tenant: "t1", action: .block, category: "pii.email", after: 10),
            AuditQuery(tenant: "t1", since: t),
            AuditQuery(tenant: "t1", since: t, until: t.addingTimeInterval(3600), action: .redact, category: "x", after: 3),
        ]
        for query in queries {
            let (sql, arguments) = try SQLiteAuditLog.select(query)
            let plan = try await database.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql, arguments: arguments).map { $0["detail"] as String }
            }
            #expect(plan.contains { $0.contains("USING INDEX audit_records_tenant_") }, "\(query): \(plan)")
            #expect(!plan.contains { $0.hasPrefix("SCAN audit_records") && !$0.contains("INDEX") }, "\(query): \(plan)")
        }
        let scanPlan = try await database.writer.read { db in
            try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN SELECT seq FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?", arguments: [0, 10])
                .map { $0["detail"] as String }
        }
        #expect(scanPlan.contains { $0.contains("INTEGER PRIMARY KEY") }, "\(scanPlan)")
    }

    /// The governance stores' lookups and sweeps (their SQL as the stores run it) use a key or an index.
    @Test func governanceQueriesUseTheIndexes() async throws {
        let database = try SQLiteDatabase(SQLiteConfiguration(path: ":memory:"))
        let queries = [
            "SELECT id FROM budget_reservations WHERE expires_us < 1",
            "SELECT account, tokens, cost_nanos FROM budget_reservations WHERE id = 'r'",
            "SELECT spent_tokens FROM budget_accounts WHERE account = 'a'",
            "DELETE FROM response_cache WHERE expires_us < 1",
            "DELETE FROM response_cache WHERE tenant = 't' AND route = 'r'",
            "SELECT body FROM response_cache WHERE tenant = 't' AND key = 'k'",
            "DELETE FROM idempotency_keys WHERE expires_us < 1",
            "SELECT request_hash FROM idempotency_keys WHERE tenant = 't' AND key = 'k'",
            "SELECT name FROM kill_switches WHERE tenant = 't' ORDER BY kind, name",
        ]
        for sql in queries {
            let plan = try await database.writer.read { db in
                try Row.fetchAll(db, sql: "EXPLAIN QUERY PLAN " + sql).map { $0["detail"] as String }
            }
            #expect(plan.allSatisfy { $0.hasPrefix("SEARCH") }, "\(sql): \(plan)")
            #expect(!plan.contains { $0.contains("TEMP B-TREE") }, "\(sql): \(plan)")
        }
    }
}

@Suite struct SQLiteWALCheckpointerTests {
    @Test func anInMemoryDatabaseHasNoCheckpointer() throws {
        let database = try SQLiteDatabase(SQLiteConfiguration(path: ":memory:"))
        #expect(try SQLiteWALCheckpointer(database: database) == nil)
    }

    @Test func itTakesCheckpointsOverCopiesTheWALAndHandsThemBack() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let configuration = SQLiteConfiguration(path: directory.path("parapet.sqlite"))
        let database = try SQLiteDatabase(configuration)
        let log = SQLiteAuditLog(database: database)
        let checkpointer = try #require(try SQLiteWALCheckpointer(database: database))
        #expect(try await database.writerAutocheckpoint() == 1_000)

        try await checkpointer.start()
        #expect(try await database.writerAutocheckpoint() == SQLiteWALCheckpointer.backstopPages)
        for batch in 0..<10 {
            _ = try await log.append((1...20).map { SQLiteDatabaseTests.entry(batch * 20 + $0) }, sealer: SQLiteDatabaseTests.chain)
        }
        let wal = try await checkpointer.checkpoint()
        #expect(wal.walFrames > 0)
        #expect(wal.checkpointedFrames == wal.walFrames)

        // The checkpointed pages are in the database file: a fresh open sees every record.
        let reopened = SQLiteAuditLog(database: try SQLiteDatabase(configuration))
        #expect(try await reopened.scan(after: 0, limit: 1_000).count == 200)
        #expect(try await AuditVerifier(chain: SQLiteDatabaseTests.chain).verify(reopened).isIntact)

        try await checkpointer.stop()
        #expect(try await database.writerAutocheckpoint() == 1_000)
    }
}
