import ParapetStore

/// Builds the SQLite implementations of the stores, all sharing one database.
public enum SQLiteStores {
    /// Opens (creating and migrating) the database at `configuration.path`.
    /// - Throws: `StoreError` when the file cannot be opened or is not a Parapet database.
    public static func open(_ configuration: SQLiteConfiguration) throws -> ParapetStores {
        stores(on: try SQLiteDatabase(configuration))
    }

    /// The stores on an open database. Budget operations are group-committed (one transaction
    /// for everything that queued while the previous one ran).
    public static func stores(on database: SQLiteDatabase) -> ParapetStores {
        ParapetStores(
            keys: SQLiteKeyStore(database: database), audit: SQLiteAuditLog(database: database),
            policies: SQLitePolicyStore(database: database), budgets: GroupCommitLedger(SQLiteBudgetLedger(database: database)),
            cache: SQLiteResponseCache(database: database), idempotency: SQLiteIdempotencyStore(database: database),
            switches: SQLiteSwitchStore(database: database), reviews: SQLiteReviewQueue(database: database))
    }
}
