import Logging
import ParapetSQLite
import ServiceLifecycle

/// Runs the database's WAL checkpoints beside the writer (see `SQLiteWALCheckpointer`) until
/// shutdown, then hands them back to the writer connection.
///
/// It checkpoints every `idleInterval` while the WAL is small, and every `busyInterval` once the
/// WAL holds more than a quarter of the writer's backstop: under load the frames left for the
/// writer's own checkpoint (which stalls the commits queued behind it) are then only those of the
/// last few milliseconds.
struct WALCheckpointService: Service {
    let checkpointer: SQLiteWALCheckpointer
    var idleInterval: Duration = .milliseconds(100)
    var busyInterval: Duration = .milliseconds(10)
    let logger: Logger

    func run() async throws {
        try await checkpointer.start()
        var failing = false
        var pause = idleInterval
        while !Task.isCancelled && !Task.isShuttingDownGracefully {
            let sleep = pause
            try? await cancelWhenGracefulShutdown { try await Task.sleep(for: sleep) }
            do {
                let wal = try await checkpointer.checkpoint()
                pause = wal.walFrames > SQLiteWALCheckpointer.backstopPages / 4 ? busyInterval : idleInterval
                if failing { logger.info("WAL checkpoints succeed again") }
                failing = false
            } catch {
                // Logged once per run of failures: the writer's backstop still bounds the WAL.
                if !failing { logger.warning("WAL checkpoint failed: \(error)") }
                failing = true
                pause = idleInterval
            }
        }
        do {
            try await checkpointer.stop()
        } catch {
            logger.warning("could not hand WAL checkpoints back to the writer: \(error)")
        }
    }
}
