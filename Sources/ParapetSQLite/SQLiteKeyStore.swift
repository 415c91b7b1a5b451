import Foundation
import GRDB
import ParapetCore
import ParapetStore

/// API keys in SQLite: `api_keys`, unique by id and by hash.
public struct SQLiteKeyStore: KeyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private static let columns = "id, tenant, role, name, hash, created_us, revoked_us"

    public func insert(_ key: APIKey) async throws {
        let arguments = StatementArguments([
            SQLiteValue.text(key.id), SQLiteValue.text(key.tenant), SQLiteValue.text(key.role.rawValue), SQLiteValue.text(key.name),
            SQLiteValue.blob(key.hash), try SQLiteValue.microseconds(key.createdAt).databaseValue,
            try key.revokedAt.map(SQLiteValue.microseconds)?.databaseValue ?? .null,
        ])
        try await database.write("key insert") { db in
            do {
                try db.execute(sql: "INSERT INTO api_keys (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)", arguments: arguments)
            } catch where SQLiteErrors.isUniqueViolation(error) {
                throw StoreError(.conflict, "a key with this id or secret exists")
            }
        }
    }

    public func key(hash: [UInt8]) async throws -> APIKey? {
        try await database.read("key lookup") { db in
            try Row.fetchOne(db, sql: "SELECT \(Self.columns) FROM api_keys WHERE hash = ?", arguments: [SQLiteValue.blob(hash)])
                .map(Self.key)
        }
    }

    public func key(id: String) async throws -> APIKey? {
        try await database.read("key lookup") { db in
            try Self.fetch(db, id: id)
        }
    }

    /// Oldest first: by creation time, then id.
    public func keys(tenant: String) async throws -> [APIKey] {
        try await database.read("key list") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.columns) FROM api_keys WHERE tenant = ? ORDER BY created_us, id",
                arguments: [SQLiteValue.text(tenant)]
            ).map(Self.key)
        }
    }

    public func revoke(id: String, tenant: String, at: Date) async throws -> APIKey? {
        let time = try SQLiteValue.microseconds(at)
        return try await database.write("key revoke") { db in
            try db.execute(
                sql: "UPDATE api_keys SET revoked_us = COALESCE(revoked_us, ?) WHERE id = ? AND tenant = ?",
                arguments: [time, SQLiteValue.text(id), SQLiteValue.text(tenant)])
            guard db.changesCount > 0 else { return nil }
            return try Self.fetch(db, id: id)
        }
    }

    public func count() async throws -> Int {
        try await database.read("key count") { db in
            try Int.fetchOne(db, sql: "SELECT COUNT(*) FROM api_keys") ?? 0
        }
    }

    private static func fetch(_ db: Database, id: String) throws -> APIKey? {
        try Row.fetchOne(db, sql: "SELECT \(columns) FROM api_keys WHERE id = ?", arguments: [SQLiteValue.text(id)]).map(key)
    }

    private static func key(_ row: Row) throws -> APIKey {
        let r = SQLiteRow(row: row, table: "api_keys")
        return APIKey(
            id: try r.string("id"), tenant: try r.string("tenant"), role: try r.enumeration(Role.self, "role"), name: try r.string("name"),
            hash: try r.bytes("hash"), createdAt: try r.date("created_us"), revokedAt: try r.optionalDate("revoked_us"))
    }
}
