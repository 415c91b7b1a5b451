import Foundation
import GRDB
import ParapetStore

/// `Idempotency-Key` bookkeeping in SQLite: `idempotency_keys`, one row per tenant and key.
///
/// A claim is one IMMEDIATE write transaction (read the row, then take it if absent or expired),
/// so concurrent claims are serialised. `complete` and `abandon` act only on a key that is claimed
/// and not completed; on any other key they do nothing.
public struct SQLiteIdempotencyStore: IdempotencyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    public func claim(tenant: String, key: String, requestHash: String, now: Date, expiresAt: Date) async throws -> IdempotencyClaim {
        let (nowUS, expiresUS) = (try SQLiteValue.microseconds(now), try SQLiteValue.microseconds(expiresAt))
        let slot: StatementArguments = [SQLiteValue.text(tenant), SQLiteValue.text(key)]
        return try await database.write("idempotency claim") { db in
            if let row = try Row.fetchOne(
                db, sql: "SELECT request_hash, status, headers, body, expires_us FROM idempotency_keys WHERE tenant = ? AND key = ?", arguments: slot)
            {
                let r = SQLiteRow(row: row, table: "idempotency_keys")
                if try r.int64("expires_us") >= nowUS {
                    guard try r.string("request_hash").utf8.elementsEqual(requestHash.utf8) else { return .mismatch }
                    return try Self.response(r).map(IdempotencyClaim.completed) ?? .inFlight
                }
            }
            try db.execute(
                sql: """
                    INSERT INTO idempotency_keys (tenant, key, request_hash, status, headers, body, created_us, expires_us)
                    VALUES (?, ?, ?, NULL, NULL, NULL, ?, ?)
                    ON CONFLICT (tenant, key) DO UPDATE SET request_hash = excluded.request_hash, status = NULL, headers = NULL, body = NULL,
                        created_us = excluded.created_us, expires_us = excluded.expires_us
                    """,
                arguments: slot + [SQLiteValue.text(requestHash), nowUS, expiresUS])
            return .claimed
        }
    }

    public func complete(tenant: String, key: String, response: StoredResponse) async throws {
        let arguments: StatementArguments = [
            response.status, SQLiteValue.text(try SQLiteHeaders.encode(response.headers)), SQLiteValue.blob(response.body),
            SQLiteValue.text(tenant), SQLiteValue.text(key),
        ]
        try await database.write("idempotency complete") { db in
            // GRDB binds Data through its base address, and an empty Data may have none (which binds
            // NULL): COALESCE keeps an empty body a zero-length BLOB whatever the platform does.
            try db.execute(
                sql: """
                    UPDATE idempotency_keys SET status = ?, headers = ?, body = COALESCE(?, X'')
                    WHERE tenant = ? AND key = ? AND status IS NULL
                    """,
                arguments: arguments)
        }
    }

    public func abandon(tenant: String, key: String) async throws {
        try await database.write("idempotency abandon") { db in
            try db.execute(
                sql: "DELETE FROM idempotency_keys WHERE tenant = ? AND key = ? AND status IS NULL",
                arguments: [SQLiteValue.text(tenant), SQLiteValue.text(key)])
        }
    }

    public func purge(expiredBefore: Date) async throws -> Int {
        let time = try SQLiteValue.microseconds(expiredBefore)
        return try await database.write("idempotency purge") { db in
            try db.execute(sql: "DELETE FROM idempotency_keys WHERE expires_us < ?", arguments: [time])
            return db.changesCount
        }
    }

    /// The stored response, or nil while the key is in flight.
    private static func response(_ r: SQLiteRow) throws -> StoredResponse? {
        guard let status = try r.optionalInt64("status") else { return nil }
        guard let code = Int(exactly: status) else { throw StoreError(.corrupted, "idempotency_keys.status does not hold a status") }
        guard let headers = SQLiteHeaders.decode(try r.string("headers")) else {
            throw StoreError(.corrupted, "idempotency_keys.headers does not hold a header list")
        }
        return StoredResponse(status: code, headers: headers, body: try r.bytes("body"))
    }
}
