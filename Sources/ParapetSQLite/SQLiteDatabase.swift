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

    /// Runs `body` on a read-only snapshot; maps database errors to `StoreError`.
    func read<T: Sendable>(_ operation: String, _ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        do {
            return try await writer.read(body)
        } catch {
            throw SQLiteErrors.map(error, operation: operation)
        }
    }
}
