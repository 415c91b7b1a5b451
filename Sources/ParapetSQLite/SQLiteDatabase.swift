import Foundation
import GRDB
import ParapetStore

/// One SQLite database shared by the SQLite stores: a GRDB `DatabasePool` in WAL mode (one writer,
/// concurrent readers), migrated to the current schema when opened.
///
/// Every connection gets `PRAGMA synchronous` from ``SQLiteConfiguration/durability``, the busy
/// timeout and foreign keys. The path `:memory:` opens a private in-memory database (one
/// connection, no WAL), for tests and throwaway servers.
public final class SQLiteDatabase: Sendable {
    public let configuration: SQLiteConfiguration
    let writer: any DatabaseWriter

    /// Opens (creating it and its directory if needed) and migrates the database.
    /// - Throws: `StoreError` — `.corrupted` when the file is not a SQLite database or was written
    ///   by a newer schema, `.unavailable` when it cannot be opened.
    public init(_ configuration: SQLiteConfiguration) throws {
        self.configuration = configuration
        let config = Self.grdbConfiguration(configuration)
        let writer: any DatabaseWriter
        do {
            if configuration.path == ":memory:" {
                writer = try DatabaseQueue(configuration: config)
            } else {
                try Self.createParentDirectory(of: configuration.path)
                let pool = try DatabasePool(path: configuration.path, configuration: config)
                // Switching to WAL, GRDB sets `synchronous = NORMAL` on the writer after
                // `prepareDatabase` ran: set the configured level again on that one connection.
                try pool.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA synchronous = \(Self.synchronous(configuration))") }
                writer = pool
            }
            try SQLiteSchema.migrate(writer)
        } catch {
            throw SQLiteErrors.opening(configuration.path, error)
        }
        self.writer = writer
    }

    static func grdbConfiguration(_ configuration: SQLiteConfiguration) -> Configuration {
        var config = Configuration()
        config.label = "parapet"
        config.foreignKeysEnabled = true
        config.busyMode = .timeout(max(0, configuration.busyTimeoutSeconds))
        let synchronous = synchronous(configuration)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA synchronous = \(synchronous)")
        }
        return config
    }

    static func synchronous(_ configuration: SQLiteConfiguration) -> String {
        switch configuration.durability {
        case .full: "FULL"
        case .normal: "NORMAL"
        }
    }

    private static func createParentDirectory(of path: String) throws {
        let directory = URL(fileURLWithPath: path).deletingLastPathComponent()
        do {
            try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        } catch {
            throw StoreError(.unavailable, "cannot create the directory \(directory.path) for the database: \(error.localizedDescription)")
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction; maps database errors to `StoreError`.
    func write<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.write(body)
        } catch {
            throw SQLiteErrors.map(error, operation: operation)
        }
    }

    /// ``write(_:_:)`` on the calling thread, blocking it until the transaction is committed; for a
    /// thread of its own (never a task of the concurrency pool).
    func writeBlocking<T>(_ operation: String, _ body: (Database) throws -> T) throws -> T {
        do {
            return try writer.write(body)
        } catch {
            throw SQLiteErrors.map(error, operation: operation)
        }
    }

    /// Runs `body` in one IMMEDIATE write transaction that is committed without waiting for the
    /// disk (`synchronous = NORMAL` for that one commit, then back to the configured level).
    ///
    /// For writes that need not survive power loss on their own: the commit is in the operating
    /// system's cache when this returns, so it survives a crash of the process (SIGKILL), and the
    /// next synced commit to the database (WAL frames are appended and synced in order) makes it
    /// durable too. The budget ledger uses it: a call's settlement is followed by the call's
    /// audit record, whose synced commit precedes the response (ADR 0021).
    func writeUnsynced<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        guard configuration.durability == .full, configuration.path != ":memory:" else { return try await write(operation, body) }
        do {
            return try await writer.writeWithoutTransaction { db in
                // SQLite refuses to change the level inside a transaction, so the transaction is
                // opened here, between the two pragmas.
                try db.execute(sql: "PRAGMA synchronous = NORMAL")
                let result: Result<T, any Error>
                do {
                    var value: T?
                    try db.inTransaction(.immediate) {
                        value = try body(db)
                        return .commit
                    }
                    if let value { result = .success(value) } else { result = .failure(StoreError(.unavailable, "\(operation) returned nothing")) }
                } catch {
                    result = .failure(error)
                }
                // Always restore the configured level before the connection serves another write.
                try db.execute(sql: "PRAGMA synchronous = FULL")
                return try result.get()
            }
        } catch {
            throw SQLiteErrors.map(error, operation: operation)
        }
    }

    /// Sets `PRAGMA wal_autocheckpoint` on the writer connection: the WAL size, in pages, at which
    /// a commit on it checkpoints before returning.
    func setWriterAutocheckpoint(pages: Int) async throws {
        do {
            try await writer.writeWithoutTransaction { db in try db.execute(sql: "PRAGMA wal_autocheckpoint = \(max(0, pages))") }
        } catch {
            throw SQLiteErrors.map(error, operation: "set the WAL checkpoint threshold")
        }
    }

    /// The writer connection's `wal_autocheckpoint`, in pages.
    func writerAutocheckpoint() async throws -> Int {
        do {
            return try await writer.writeWithoutTransaction { db in try Int.fetchOne(db, sql: "PRAGMA wal_autocheckpoint") ?? 0 }
        } catch {
            throw SQLiteErrors.map(error, operation: "read the WAL checkpoint threshold")
        }
    }

    /// Runs `body` on a read-only snapshot; maps database errors to `StoreError`.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteErrors.map(error, operation: operation)
        }
    }
}
