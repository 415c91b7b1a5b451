import Foundation
import GRDB
import ParapetStore

/// Kill switches in SQLite: `kill_switches`, one row per tenant, kind and name.
public struct SQLiteSwitchStore: SwitchStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private static let columns = "tenant, kind, name, value, reason, key_id, created_us"

    public func put(_ killSwitch: KillSwitch) async throws {
        let arguments = StatementArguments([
            SQLiteValue.text(killSwitch.tenant), SQLiteValue.text(killSwitch.kind.rawValue), SQLiteValue.text(killSwitch.name),
            SQLiteValue.text(killSwitch.value), SQLiteValue.text(killSwitch.reason), SQLiteValue.text(killSwitch.keyID),
            try SQLiteValue.microseconds(killSwitch.createdAt).databaseValue,
        ])
        try await database.write("switch put") { db in
            try db.execute(
                sql: """
                    INSERT INTO kill_switches (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (tenant, kind, name) DO UPDATE SET value = excluded.value, reason = excluded.reason,
                        key_id = excluded.key_id, created_us = excluded.created_us
                    """,
                arguments: arguments)
        }
    }

    public func remove(tenant: String, kind: KillSwitch.Kind, name: String) async throws -> Bool {
        try await database.write("switch removal") { db in
            try db.execute(
                sql: "DELETE FROM kill_switches WHERE tenant = ? AND kind = ? AND name = ?",
                arguments: [SQLiteValue.text(tenant), SQLiteValue.text(kind.rawValue), SQLiteValue.text(name)])
            return db.changesCount > 0
        }
    }

    /// The tenant's switches, ordered by kind (its raw value), then name (byte order).
    public func switches(tenant: String) async throws -> [KillSwitch] {
        try await database.read("switch list") { db in
            try Row.fetchAll(
                db, sql: "SELECT \(Self.columns) FROM kill_switches WHERE tenant = ? ORDER BY kind, name", arguments: [SQLiteValue.text(tenant)]
            ).map(Self.killSwitch)
        }
    }

    /// Every switch, ordered by tenant, kind (its raw value), then name (byte order).
    public func all() async throws -> [KillSwitch] {
        try await database.read("switch list") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM kill_switches ORDER BY tenant, kind, name").map(Self.killSwitch)
        }
    }

    private static func killSwitch(_ row: Row) throws -> KillSwitch {
        let r = SQLiteRow(row: row, table: "kill_switches")
        return KillSwitch(
            tenant: try r.string("tenant"), kind: try r.enumeration(KillSwitch.Kind.self, "kind"), name: try r.string("name"),
            value: try r.string("value"), reason: try r.string("reason"), keyID: try r.string("key_id"), createdAt: try r.date("created_us"))
    }
}
