import GRDB
import ParapetCore
import ParapetStore

/// How audit records and checkpoints map to rows of `audit_records` and `audit_checkpoints`.
enum SQLiteAuditColumns {
    static let recordColumns = """
        seq, id, time_us, request_id, tenant, key_id, direction, route, policy_version, action, \
        categories, findings, detectors, latency_us, text_hash, redacted_text, raw_text, metadata, prev_hash, hash
        """

    static let insertRecordSQL = """
        INSERT INTO audit_records (\(recordColumns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
        """

    static let insertCheckpointSQL = "INSERT INTO audit_checkpoints (seq, record_hash, time_us, signature) VALUES (?, ?, ?, ?)"

    /// Binds `record` to the parameters of ``insertRecordSQL``, in column order.
    static func bind(_ record: AuditRecord, to binder: inout SQLiteBinder) throws {
        let e = record.entry
        binder.bind(record.sequence)
        binder.bind(e.id)
        binder.bind(try SQLiteValue.microseconds(e.time))
        binder.bind(e.requestID)
        binder.bind(e.tenant)
        binder.bind(e.keyID)
        binder.bind(e.direction.rawValue)
        binder.bind(e.route)
        binder.bind(e.policyVersion)
        binder.bind(e.action.rawValue)
        binder.bind(SQLiteList.encode(e.categories))
        binder.bind(e.findingsJSON)
        binder.bind(SQLiteList.encode(e.detectors))
        binder.bind(e.latencyMicroseconds)
        binder.bind(e.textHash)
        binder.bind(e.redactedText)
        binder.bind(e.rawText)
        binder.bind(e.metadataJSON)
        binder.bind(blob: record.previousHash)
        binder.bind(blob: record.hash)
    }

    static func checkpointArguments(_ checkpoint: AuditCheckpoint) throws -> StatementArguments {
        StatementArguments([
            checkpoint.sequence.databaseValue,
            SQLiteValue.blob(checkpoint.recordHash),
            try SQLiteValue.microseconds(checkpoint.time).databaseValue,
            SQLiteValue.blob(checkpoint.signature),
        ])
    }

    static func record(_ row: Row) throws -> AuditRecord {
        let r = SQLiteRow(row: row, table: "audit_records")
        let entry = AuditEntry(
            id: try r.string("id"),
            time: try r.date("time_us"),
            requestID: try r.string("request_id"),
            tenant: try r.string("tenant"),
            keyID: try r.string("key_id"),
            direction: try r.enumeration(Direction.self, "direction"),
            route: try r.optionalString("route"),
            policyVersion: try r.string("policy_version"),
            action: try r.enumeration(Action.self, "action"),
            categories: try list(r, "categories"),
            findingsJSON: try r.string("findings"),
            detectors: try list(r, "detectors"),
            latencyMicroseconds: try r.int64("latency_us"),
            textHash: try r.string("text_hash"),
            redactedText: try r.optionalString("redacted_text"),
            rawText: try r.optionalString("raw_text"),
            metadataJSON: try r.optionalString("metadata"))
        return AuditRecord(entry: entry, sequence: try r.int64("seq"), previousHash: try r.bytes("prev_hash"), hash: try r.bytes("hash"))
    }

    static func checkpoint(_ row: Row) throws -> AuditCheckpoint {
        let r = SQLiteRow(row: row, table: "audit_checkpoints")
        return AuditCheckpoint(
            sequence: try r.int64("seq"), recordHash: try r.bytes("record_hash"), time: try r.date("time_us"),
            signature: try r.bytes("signature"))
    }

    private static func list(_ row: SQLiteRow, _ column: String) throws -> [String] {
        guard let items = SQLiteList.decode(try row.string(column)) else {
            throw StoreError(.corrupted, "audit_records.\(column) is not a list")
        }
        return items
    }
}
