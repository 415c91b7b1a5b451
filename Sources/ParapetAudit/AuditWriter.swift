import Logging
import ParapetStore
import ServiceLifecycle
import Synchronization

/// Group commit for the audit trail: requests hand in entries and wait; one loop writes everything
/// that accumulated while the previous transaction ran, in one transaction, then releases all its
/// waiters at once. Under load a transaction carries many records; alone, a record is written at
/// once (no timer delay).
///
/// Run it as a `Service` in the application's `ServiceGroup`, started before the HTTP server, so
/// that on graceful shutdown the server drains first and the writer then flushes what is left.
public final class AuditWriter: AuditRecording, Service {
    private struct Pending {
        var entry: AuditEntry
        var continuation: CheckedContinuation<AuditRecord, any Error>
    }

    private struct State {
        var queue: [Pending] = []
        var stopped = false
    }

    private let log: any AuditLog
    private let sealer: any AuditSealer
    private let maxBatch: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation

    public init(log: any AuditLog, sealer: any AuditSealer, maxBatch: Int = 512, logger: Logger = Logger(label: "parapet.audit")) {
        self.log = log
        self.sealer = sealer
        self.maxBatch = max(1, maxBatch)
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func record(_ entry: AuditEntry) async throws -> AuditRecord {
        try await withCheckedThrowingContinuation { continuation in
            let accepted = state.withLock { state -> Bool in
                guard !state.stopped else { return false }
                state.queue.append(Pending(entry: entry, continuation: continuation))
                return true
            }
            if accepted {
                wake.yield()
            } else {
                continuation.resume(throwing: AuditWriterError.stopped)
            }
        }
    }

    /// Writes batches until graceful shutdown, then flushes the queue and stops accepting entries.
    public func run() async throws {
        await withGracefulShutdownHandler {
            for await _ in wakeups {
                await drain()
            }
        } onGracefulShutdown: {
            self.wake.finish()
        }
        state.withLock { $0.stopped = true }
        await drain()
    }

    /// Writes until the queue is empty.
    private func drain() async {
        while true {
            let batch = state.withLock { state -> [Pending] in
                let n = min(maxBatch, state.queue.count)
                let batch = Array(state.queue.prefix(n))
                state.queue.removeFirst(n)
                return batch
            }
            if batch.isEmpty { return }
            do {
                let records = try await log.append(batch.map(\.entry), sealer: sealer)
                for (pending, record) in zip(batch, records) { pending.continuation.resume(returning: record) }
            } catch {
                logger.error("audit batch of \(batch.count) records failed: \(error)")
                for pending in batch { pending.continuation.resume(throwing: error) }
            }
        }
    }
}
