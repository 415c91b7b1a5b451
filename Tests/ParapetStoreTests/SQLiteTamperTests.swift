import Foundation
import GRDB
import ParapetAudit
import ParapetSQLite
import ParapetStore
import Testing

/// Tampering with the file directly must show when the chain is recomputed from what the store
/// reads back: proof that every stored column the hash covers comes back exactly.
@Suite struct SQLiteTamperTests {
    enum Problem: Hashable {
        /// The record's content does not hash to its stored hash.
        case hash(Int64)
        /// The record does not follow its predecessor (hash link or sequence gap).
        case link(Int64)
    }

    /// Recomputes the chain over `scan` output, from genesis.
    static func verify(_ audit: any AuditLog) async throws -> Set<Problem> {
        var problems: Set<Problem> = []
        var expectedSequence: Int64 = 1
        var previous = AuditChain.genesisHash
        for record in try await audit.scan(after: 0, limit: 1_000) {
            if record.sequence != expectedSequence || record.previousHash != previous { problems.insert(.link(record.sequence)) }
            if AuditChain.hash(record.entry, sequence: record.sequence, previousHash: record.previousHash) != record.hash {
                problems.insert(.hash(record.sequence))
            }
            expectedSequence = record.sequence + 1
            previous = record.hash
        }
        return problems
    }

    /// A database with six chained records, tampered with `sql`, then verified.
    static func tampered(_ sql: String?) async throws -> Set<Problem> {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let path = directory.path("parapet.sqlite")
        let stores = try SQLiteStores.open(SQLiteConfiguration(path: path))
        let entries = (1...6).map { SQLiteDatabaseTests.entry($0, tenant: $0 % 2 == 0 ? "t1" : "t2") }
        _ = try await stores.audit.append(entries, sealer: SQLiteDatabaseTests.chain)
        if let sql {
            let queue = try DatabaseQueue(path: path)
            try await queue.write { db in try db.execute(sql: sql) }
        }
        return try await verify(stores.audit)
    }

    @Test func untouchedChainVerifies() async throws {
        #expect(try await Self.tampered(nil) == [])
    }

    @Test func changedActionIsExposed() async throws {
        #expect(try await Self.tampered("UPDATE audit_records SET action = 'block' WHERE seq = 2") == [.hash(2)])
    }

    @Test func changedTimeIsExposed() async throws {
        #expect(try await Self.tampered("UPDATE audit_records SET time_us = time_us + 1 WHERE seq = 3") == [.hash(3)])
    }

    @Test func deletedRecordIsExposed() async throws {
        #expect(try await Self.tampered("DELETE FROM audit_records WHERE seq = 4") == [.link(5)])
    }

    @Test func swappedRecordsAreExposed() async throws {
        // Swap everything but seq between records 5 and 6.
        let swap = """
            UPDATE audit_records SET seq = -5 WHERE seq = 5;
            UPDATE audit_records SET seq = 5 WHERE seq = 6;
            UPDATE audit_records SET seq = 6 WHERE seq = -5;
            """
        let problems = try await Self.tampered(swap)
        #expect(problems.contains(.hash(5)) && problems.contains(.hash(6)))
        #expect(problems.contains(.link(5)))
    }
}
