import GRDB
import ParapetStore

/// The schema, as named migrations. Never edit a registered migration: add the next one.
///
/// Times are whole microseconds since 1970. Strings are TEXT, except that a string containing
/// NUL is stored as a BLOB of its UTF-8 (see `SQLiteText`). Audit categories are stored as
/// `,a,b,` so that a category filter is a substring test.
enum SQLiteSchema {
    static var migrator: DatabaseMigrator {
        var migrator = DatabaseMigrator()
        migrator.registerMigration("v1") { db in
            try db.execute(sql: v1)
        }
        return migrator
    }

    /// Applies the migrations this build knows; refuses a database migrated by a newer build.
    static func migrate(_ writer: any DatabaseWriter) throws {
        let migrator = migrator
        let superseded = try writer.read { db in try migrator.hasBeenSuperseded(db) }
        guard !superseded else {
            throw StoreError(.unavailable, "the database was migrated by a newer version of Parapet; refusing to open it")
        }
        try migrator.migrate(writer)
    }

    static let v1 = """
        CREATE TABLE api_keys (
            id TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            role TEXT NOT NULL,
            name TEXT NOT NULL,
            hash BLOB NOT NULL UNIQUE,
            created_us INTEGER NOT NULL,
            revoked_us INTEGER
        );
        CREATE INDEX api_keys_tenant ON api_keys(tenant, created_us);

        CREATE TABLE audit_records (
            seq INTEGER PRIMARY KEY,
            id TEXT NOT NULL UNIQUE,
            time_us INTEGER NOT NULL,
            request_id TEXT NOT NULL,
            tenant TEXT NOT NULL,
            key_id TEXT NOT NULL,
            direction TEXT NOT NULL,
            route TEXT,
            policy_version TEXT NOT NULL,
            action TEXT NOT NULL,
            categories TEXT NOT NULL,
            findings TEXT NOT NULL,
            detectors TEXT NOT NULL,
            latency_us INTEGER NOT NULL,
            text_hash TEXT NOT NULL,
            redacted_text TEXT,
            raw_text TEXT,
            metadata TEXT,
            prev_hash BLOB NOT NULL,
            hash BLOB NOT NULL
        );
        CREATE INDEX audit_records_tenant_seq ON audit_records(tenant, seq);
        CREATE INDEX audit_records_tenant_time ON audit_records(tenant, time_us);

        CREATE TABLE audit_checkpoints (
            seq INTEGER PRIMARY KEY,
            record_hash BLOB NOT NULL,
            time_us INTEGER NOT NULL,
            signature BLOB NOT NULL
        );

        CREATE TABLE policies (
            tenant TEXT NOT NULL,
            name TEXT NOT NULL,
            yaml TEXT NOT NULL,
            version TEXT NOT NULL,
            updated_us INTEGER NOT NULL,
            PRIMARY KEY (tenant, name)
        );
        """
}
