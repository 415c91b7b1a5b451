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
        migrator.registerMigration("v2") { db in
            try db.execute(sql: v2)
        }
        migrator.registerMigration("v3") { db in
            try db.execute(sql: v3)
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

    /// Governance: budgets, the response cache, `Idempotency-Key` bookkeeping, kill switches.
    ///
    /// `budget_accounts.reserved_*` is the sum of the account's rows in `budget_reservations` (one
    /// row per account a reservation holds, each with the reservation's amount and expiry).
    /// Idempotency headers are a JSON array of `[name, value]` pairs; `status`, `headers` and
    /// `body` are NULL while the key is claimed and not completed.
    static let v2 = """
        CREATE TABLE budget_accounts (
            account TEXT NOT NULL PRIMARY KEY,
            spent_tokens INTEGER NOT NULL CHECK (spent_tokens >= 0),
            spent_cost_nanos INTEGER NOT NULL CHECK (spent_cost_nanos >= 0),
            reserved_tokens INTEGER NOT NULL CHECK (reserved_tokens >= 0),
            reserved_cost_nanos INTEGER NOT NULL CHECK (reserved_cost_nanos >= 0)
        );

        CREATE TABLE budget_reservations (
            id TEXT NOT NULL,
            account TEXT NOT NULL,
            tokens INTEGER NOT NULL CHECK (tokens >= 0),
            cost_nanos INTEGER NOT NULL CHECK (cost_nanos >= 0),
            expires_us INTEGER NOT NULL,
            PRIMARY KEY (id, account)
        );
        CREATE INDEX budget_reservations_expiry ON budget_reservations(expires_us);

        CREATE TABLE response_cache (
            tenant TEXT NOT NULL,
            key TEXT NOT NULL,
            route TEXT NOT NULL,
            body BLOB NOT NULL,
            created_us INTEGER NOT NULL,
            expires_us INTEGER NOT NULL,
            PRIMARY KEY (tenant, key)
        );
        CREATE INDEX response_cache_expiry ON response_cache(expires_us);

        CREATE TABLE idempotency_keys (
            tenant TEXT NOT NULL,
            key TEXT NOT NULL,
            request_hash TEXT NOT NULL,
            status INTEGER,
            headers TEXT,
            body BLOB,
            created_us INTEGER NOT NULL,
            expires_us INTEGER NOT NULL,
            PRIMARY KEY (tenant, key)
        );
        CREATE INDEX idempotency_keys_expiry ON idempotency_keys(expires_us);

        CREATE TABLE kill_switches (
            tenant TEXT NOT NULL,
            kind TEXT NOT NULL,
            name TEXT NOT NULL,
            value TEXT NOT NULL,
            reason TEXT NOT NULL,
            key_id TEXT NOT NULL,
            created_us INTEGER NOT NULL,
            PRIMARY KEY (tenant, kind, name)
        );
        """

    /// The human review queue: one row per item. `decisions` is a JSON array (see
    /// `SQLiteReviewDecisions`); `final_body` is NULL while pending and after a rejection; the
    /// lease columns are both NULL or both set. The partial index finds the pending items to
    /// expire without walking the resolved ones.
    static let v3 = """
        CREATE TABLE review_items (
            id TEXT NOT NULL PRIMARY KEY,
            tenant TEXT NOT NULL,
            route TEXT NOT NULL,
            kind TEXT NOT NULL,
            level TEXT NOT NULL,
            priority REAL NOT NULL,
            required_approvals INTEGER NOT NULL CHECK (required_approvals BETWEEN 1 AND 3),
            requires_senior INTEGER NOT NULL,
            created_us INTEGER NOT NULL,
            expires_us INTEGER NOT NULL,
            on_expiry TEXT NOT NULL,
            task_type TEXT,
            subject TEXT,
            end_user TEXT,
            category TEXT,
            request BLOB NOT NULL,
            suggestion BLOB NOT NULL,
            confidence REAL,
            findings BLOB NOT NULL,
            triggers BLOB NOT NULL,
            reasoning TEXT,
            audit_id TEXT,
            status TEXT NOT NULL,
            decisions TEXT NOT NULL,
            lease_reviewer TEXT,
            lease_until_us INTEGER,
            resolved_us INTEGER,
            final_body BLOB,
            released INTEGER NOT NULL
        );
        CREATE INDEX review_items_queue ON review_items(tenant, status, priority DESC, created_us, id);
        CREATE INDEX review_items_resolved ON review_items(tenant, resolved_us, id);
        CREATE INDEX review_items_expiry ON review_items(expires_us, id) WHERE status = 'pending';
        """
}
