import GRDB
import ParapetStore

/// Copies committed WAL frames into the database file from a connection of its own, so that
/// commits do not stop to do it.
///
/// By default SQLite checkpoints inside the commit that makes the WAL reach 1,000 pages: that
/// commit copies about 4 MB and syncs the database file before it returns, and every audit record
/// queued behind it waits (a stall of several milliseconds, many times a minute under load).
/// While a checkpointer runs, PASSIVE checkpoints on its connection do that work beside the
/// writer (they never block it), and the writer connection checkpoints only as a backstop, at
/// ``backstopPages``: the WAL cannot restart while a checkpoint trails the writer, so the backstop
/// bounds its size, and by then there is little left to copy. Durability is unchanged: a commit
/// syncs the WAL as the configured `synchronous` level says, and a checkpoint syncs the WAL before
/// and the database file after copying.
public final class SQLiteWALCheckpointer: Sendable {
    /// The WAL size, in pages, at which the writer connection checkpoints by itself while a
    /// checkpointer runs (SQLite's default, 1,000, applies again after ``stop()``).
    public static let backstopPages = 4_096
    static let defaultPages = 1_000

    private let database: SQLiteDatabase
    private let connection: DatabaseQueue

    /// A checkpointer of `database`, or nil for an in-memory database (which has no WAL).
    /// - Throws: `StoreError(.unavailable)` when the second connection cannot be opened.
    public init?(database: SQLiteDatabase) throws {
        guard database.configuration.path != ":memory:" else { return nil }
        self.database = database
        var config = SQLiteDatabase.grdbConfiguration(database.configuration)
        config.label = "parapet-checkpoint"
        do {
            connection = try DatabaseQueue(path: database.configuration.path, configuration: config)
        } catch {
            throw SQLiteErrors.opening(database.configuration.path, error)
        }
    }

    /// Hands checkpointing over to this checkpointer: the writer keeps only the backstop.
    public func start() async throws {
        try await database.setWriterAutocheckpoint(pages: Self.backstopPages)
    }

    /// Gives checkpointing back to the writer connection (SQLite's default threshold).
    public func stop() async throws {
        try await database.setWriterAutocheckpoint(pages: Self.defaultPages)
    }

    /// One PASSIVE checkpoint: copies every committed frame that no reader still needs, without
    /// waiting for any lock. Returns the WAL's size and how much of it is now in the database file.
    @discardableResult
    public func checkpoint() async throws -> (walFrames: Int, checkpointedFrames: Int) {
        do {
            let result = try await connection.writeWithoutTransaction { db in try db.checkpoint(.passive) }
            return (result.walFrameCount, result.checkpointedFrameCount)
        } catch {
            throw SQLiteErrors.map(error, operation: "WAL checkpoint")
        }
    }
}
