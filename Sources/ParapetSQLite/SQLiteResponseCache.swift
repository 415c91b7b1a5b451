import Foundation
import GRDB
import ParapetStore

/// The response cache in SQLite: `response_cache`, one row per tenant and key.
public struct SQLiteResponseCache: ResponseCache {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private static let columns = "tenant, key, route, body, created_us, expires_us"

    public func entry(tenant: String, key: String) async throws -> CachedResponse? {
        try await database.read("cache lookup") { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.columns) FROM response_cache WHERE tenant = ? AND key = ?",
                arguments: [SQLiteValue.text(tenant), SQLiteValue.text(key)]
            ).map(Self.entry)
        }
    }

    public func put(_ entry: CachedResponse) async throws {
        let arguments = StatementArguments([
            SQLiteValue.text(entry.tenant), SQLiteValue.text(entry.key), SQLiteValue.text(entry.route), SQLiteValue.blob(entry.body),
            try SQLiteValue.microseconds(entry.createdAt).databaseValue, try SQLiteValue.microseconds(entry.expiresAt).databaseValue,
        ])
        try await database.writeUnsynced("cache put") { db in
            // GRDB binds Data through its base address, and an empty Data may have none (which binds
            // NULL): COALESCE keeps an empty body a zero-length BLOB whatever the platform does.
            try db.execute(
                sql: """
                    INSERT INTO response_cache (\(Self.columns)) VALUES (?, ?, ?, COALESCE(?, X''), ?, ?)
                    ON CONFLICT (tenant, key) DO UPDATE SET route = excluded.route, body = excluded.body,
                        created_us = excluded.created_us, expires_us = excluded.expires_us
                    """,
                arguments: arguments)
        }
    }

    public func purge(expiredBefore: Date) async throws -> Int {
        let time = try SQLiteValue.microseconds(expiredBefore)
        return try await database.write("cache purge") { db in
            try db.execute(sql: "DELETE FROM response_cache WHERE expires_us < ?", arguments: [time])
            return db.changesCount
        }
    }

    public func removeAll(tenant: String, route: String?) async throws -> Int {
        try await database.write("cache removal") { db in
            if let route {
                try db.execute(
                    sql: "DELETE FROM response_cache WHERE tenant = ? AND route = ?", arguments: [SQLiteValue.text(tenant), SQLiteValue.text(route)])
            } else {
                try db.execute(sql: "DELETE FROM response_cache WHERE tenant = ?", arguments: [SQLiteValue.text(tenant)])
            }
            return db.changesCount
        }
    }

    private static func entry(_ row: Row) throws -> CachedResponse {
        let r = SQLiteRow(row: row, table: "response_cache")
        return CachedResponse(
            tenant: try r.string("tenant"), key: try r.string("key"), route: try r.string("route"), body: try r.bytes("body"),
            createdAt: try r.date("created_us"), expiresAt: try r.date("expires_us"))
    }
}
