import GRDB
import ParapetStore

/// Policy documents in SQLite: `policies`, one row per tenant and name.
public struct SQLitePolicyStore: PolicyStore {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    private static let columns = "tenant, name, yaml, version, updated_us"

    public func put(_ policy: StoredPolicy) async throws {
        let arguments = StatementArguments([
            SQLiteValue.text(policy.tenant), SQLiteValue.text(policy.name), SQLiteValue.text(policy.yaml), SQLiteValue.text(policy.version),
            try SQLiteValue.microseconds(policy.updatedAt).databaseValue,
        ])
        try await database.write("policy put") { db in
            try db.execute(
                sql: """
                    INSERT INTO policies (\(Self.columns)) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (tenant, name) DO UPDATE SET yaml = excluded.yaml, version = excluded.version, updated_us = excluded.updated_us
                    """,
                arguments: arguments)
        }
    }

    public func policy(tenant: String, name: String) async throws -> StoredPolicy? {
        try await database.read("policy lookup") { db in
            try Row.fetchOne(
                db, sql: "SELECT \(Self.columns) FROM policies WHERE tenant = ? AND name = ?",
                arguments: [SQLiteValue.text(tenant), SQLiteValue.text(name)]
            ).map(Self.policy)
        }
    }

    /// Every policy, ordered by tenant and name (byte order).
    public func all() async throws -> [StoredPolicy] {
        try await database.read("policy list") { db in
            try Row.fetchAll(db, sql: "SELECT \(Self.columns) FROM policies ORDER BY tenant, name").map(Self.policy)
        }
    }

    private static func policy(_ row: Row) throws -> StoredPolicy {
        let r = SQLiteRow(row: row, table: "policies")
        return StoredPolicy(
            tenant: try r.string("tenant"), name: try r.string("name"), yaml: try r.string("yaml"), version: try r.string("version"),
            updatedAt: try r.date("updated_us"))
    }
}
