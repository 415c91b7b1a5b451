import Foundation
import GRDB
import ParapetStore

/// The audit trail in SQLite: `audit_records` and `audit_checkpoints`.
///
/// `append` seals inside one IMMEDIATE write transaction, so writers in several processes sharing
/// the file still form one chain; with `durability: .full` the records are on disk when it returns.
public struct SQLiteAuditLog: BlockingAuditAppending {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        return try await database.write("audit append") { db in try Self.append(entries, sealer: sealer, in: db) }
    }

    public func appendBlocking(_ entries: [AuditEntry], sealer: any AuditSealer) throws -> [AuditRecord] {
        guard !entries.isEmpty else { return [] }
        return try database.writeBlocking("audit append") { db in try Self.append(entries, sealer: sealer, in: db) }
    }

    /// Seals and inserts `entries` after the chain's end, inside the caller's write transaction.
    private static func append(_ entries: [AuditEntry], sealer: any AuditSealer, in db: Database) throws -> [AuditRecord] {
        var (sequence, previous) = try chainEnd(db)
        var sealed: [AuditRecord] = []
        sealed.reserveCapacity(entries.count)
        let insertRecord = try db.cachedStatement(sql: SQLiteAuditColumns.insertRecordSQL)
        for entry in entries {
            sequence += 1
            let record = sealer.seal(entry, sequence: sequence, previousHash: previous)
            do {
                var binder = SQLiteBinder(insertRecord, in: db)
                try SQLiteAuditColumns.bind(record, to: &binder)
                try binder.execute()
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE {
                throw StoreError(.conflict, "audit id \(entry.id) exists")
            } catch let error as DatabaseError where error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY {
                // Cannot happen inside one IMMEDIATE transaction unless the chain's end was misread.
                throw StoreError(.corrupted, "audit sequence \(sequence) is already stored")
            }
            if let checkpoint = sealer.checkpoint(after: record) {
                try db.execute(sql: SQLiteAuditColumns.insertCheckpointSQL, arguments: try SQLiteAuditColumns.checkpointArguments(checkpoint))
            }
            sealed.append(record)
            previous = record.hash
        }
        return sealed
    }

    /// The sequence and hash the next record continues from: the last record, else the retention
    /// anchor (newest checkpoint), else genesis (0, 32 zero bytes).
    static func chainEnd(_ db: Database) throws -> (Int64, [UInt8]) {
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, hash FROM audit_records ORDER BY seq DESC LIMIT 1")) {
            let r = SQLiteRow(row: row, table: "audit_records")
            return (try r.int64("seq"), try r.bytes("hash"))
        }
        if let row = try Row.fetchOne(db.cachedStatement(sql: "SELECT seq, record_hash FROM audit_checkpoints ORDER BY seq DESC LIMIT 1")) {
            let r = SQLiteRow(row: row, table: "audit_checkpoints")
            return (try r.int64("seq"), try r.bytes("record_hash"))
        }
        return (0, [UInt8](repeating: 0, count: 32))
    }

    public func records(_ query: AuditQuery) async throws -> [AuditRecord] {
        let (sql, arguments) = try Self.select(query)
        return try await database.read("audit query") { db in
            try Row.fetchAll(db, sql: sql, arguments: arguments).map(SQLiteAuditColumns.record)
        }
    }

    /// The statement `records(_:)` runs; `seq` is the rowid, so `(tenant, seq)` serves both the
    /// tenant filter and the order, and `(tenant, time_us)` serves time ranges.
    static func select(_ q: AuditQuery) throws -> (String, StatementArguments) {
        var sql = "SELECT \(SQLiteAuditColumns.recordColumns) FROM audit_records WHERE tenant = ?"
        var values: [DatabaseValue] = [SQLiteValue.text(q.tenant)]
        if let after = q.after {
            sql += " AND seq > ?"
            values.append(after.databaseValue)
        }
        if let since = q.since {
            sql += " AND time_us >= ?"
            values.append(try SQLiteValue.microseconds(since).databaseValue)
        }
        if let until = q.until {
            sql += " AND time_us < ?"
            values.append(try SQLiteValue.microseconds(until).databaseValue)
        }
        if let action = q.action {
            sql += " AND action = ?"
            values.append(SQLiteValue.text(action.rawValue))
        }
        if let category = q.category {
            sql += " AND instr(categories, ?) > 0"
            values.append(SQLiteList.pattern(for: category).databaseValue)
        }
        sql += " ORDER BY seq LIMIT ?"
        values.append(Int64(max(0, q.limit)).databaseValue)
        return (sql, StatementArguments(values))
    }

    public func callCounts(tenant: String, since: Date?, until: Date?) async throws -> AuditCallCounts {
        let (sql, arguments) = try Self.callCountsSelect(tenant: tenant, since: since, until: until)
        return try await database.read("audit call counts") { db in
            var counts = AuditCallCounts()
            for row in try Row.fetchAll(db, sql: sql, arguments: arguments) {
                let count = Int(try SQLiteRow(row: row, table: "audit_records").int64("calls"))
                if let route = Self.text(row["route"]) { counts.perRoute[route, default: 0] += count }
                if let taskType = Self.text(row["task_type"]) { counts.perTaskType[taskType, default: 0] += count }
            }
            return counts
        }
    }

    /// The statement `callCounts` runs: one GROUP BY over the tenant's records in the period,
    /// found through `(tenant, time_us)`. The metadata is cast to TEXT before the prefix test
    /// because a string containing NUL is stored as a BLOB (see `SQLiteValue`; such metadata is
    /// never valid JSON, a raw NUL being a control character). The task type is read only from
    /// valid JSON text (`json_extract` fails on anything else), and only when it is a string
    /// (checked when the rows are read).
    static func callCountsSelect(tenant: String, since: Date?, until: Date?) throws -> (String, StatementArguments) {
        var sql = """
            SELECT route, CASE WHEN typeof(metadata) = 'text' AND json_valid(metadata) THEN json_extract(metadata, '$.call.feature') END \
            AS task_type, count(*) AS calls FROM audit_records WHERE tenant = ?
            """
        var values: [DatabaseValue] = [SQLiteValue.text(tenant)]
        if let since {
            sql += " AND time_us >= ?"
            values.append(try SQLiteValue.microseconds(since).databaseValue)
        }
        if let until {
            sql += " AND time_us < ?"
            values.append(try SQLiteValue.microseconds(until).databaseValue)
        }
        sql += " AND substr(CAST(metadata AS TEXT), 1, \(AuditCallCounts.callPrefix.utf8.count)) = ? GROUP BY 1, 2"
        values.append(AuditCallCounts.callPrefix.databaseValue)
        return (sql, StatementArguments(values))
    }

    /// A TEXT value (or a NUL-containing string stored as a BLOB); nil for NULL and numbers.
    private static func text(_ value: DatabaseValue) -> String? {
        switch value.storage {
        case .string(let string): string
        case .blob(let data): String(decoding: data, as: UTF8.self)
        case .null, .int64, .double: nil
        }
    }

    public func record(id: String, tenant: String) async throws -> AuditRecord? {
        try await database.read("audit record lookup") { db in
            try Row.fetchOne(
                db, sql: "SELECT \(SQLiteAuditColumns.recordColumns) FROM audit_records WHERE id = ? AND tenant = ?",
                arguments: [SQLiteValue.text(id), SQLiteValue.text(tenant)]
            ).map(SQLiteAuditColumns.record)
        }
    }

    public func scan(after sequence: Int64, limit: Int) async throws -> [AuditRecord] {
        try await database.read("audit scan") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(SQLiteAuditColumns.recordColumns) FROM audit_records WHERE seq > ? ORDER BY seq LIMIT ?",
                arguments: [sequence, Int64(max(0, limit))]
            ).map(SQLiteAuditColumns.record)
        }
    }

    public func checkpoints() async throws -> [AuditCheckpoint] {
        try await database.read("audit checkpoints") { db in
            try Row.fetchAll(db, sql: "SELECT seq, record_hash, time_us, signature FROM audit_checkpoints ORDER BY seq")
                .map(SQLiteAuditColumns.checkpoint)
        }
    }

    public func lastRecord() async throws -> AuditRecord? {
        try await database.read("audit last record") { db in
            try Row.fetchOne(db, sql: "SELECT \(SQLiteAuditColumns.recordColumns) FROM audit_records ORDER BY seq DESC LIMIT 1")
                .map(SQLiteAuditColumns.record)
        }
    }

    @discardableResult
    public func deleteThrough(sequence: Int64) async throws -> Int {
        try await database.write("audit retention") { db in
            guard try Bool.fetchOne(db, sql: "SELECT EXISTS (SELECT 1 FROM audit_checkpoints WHERE seq = ?)", arguments: [sequence]) == true
            else {
                throw StoreError(.conflict, "no checkpoint at sequence \(sequence) to anchor the remaining records")
            }
            try db.execute(sql: "DELETE FROM audit_records WHERE seq <= ?", arguments: [sequence])
            let deleted = db.changesCount
            try db.execute(sql: "DELETE FROM audit_checkpoints WHERE seq < ?", arguments: [sequence])
            return deleted
        }
    }
}
