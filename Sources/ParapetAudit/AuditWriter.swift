import Dispatch
import Foundation
import Logging
import ParapetStore
import ServiceLifecycle
import Synchronization

/// Group commit for the audit trail: requests hand in entries and wait; one loop writes everything
/// that accumulated while the previous transaction ran, in one transaction, then releases all its
/// waiters at once. Under load a transaction carries many records; alone, a record is written at
/// once (no timer delay).
///
/// A log that can append blocking (``BlockingAuditAppending``, the embedded SQLite store) is
/// written from a thread of its own: a request's hand-off is then one wake-up of that thread,
/// and a commit runs without task or dispatch-queue hops. Other logs are written from a task.
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
        /// The writer thread is asleep on `threadWakeup` (or about to be) and must be signalled.
        var threadWaiting = false

        /// Whether the caller must signal the writer thread; the signal is then owed by it alone.
        mutating func takeThreadWaiting() -> Bool {
            defer { threadWaiting = false }
            return threadWaiting
        }
    }

    private let log: any AuditLog
    private let blockingLog: (any BlockingAuditAppending)?
    private let sealer: any AuditSealer
    private let maxBatch: Int
    private let logger: Logger
    private let state = Mutex(State())
    private let wakeups: AsyncStream<Void>
    private let wake: AsyncStream<Void>.Continuation
    private let threadWakeup = DispatchSemaphore(value: 0)

    public init(log: any AuditLog, sealer: any AuditSealer, maxBatch: Int = 512, logger: Logger = Logger(label: "parapet.audit")) {
        self.log = log
        self.blockingLog = log as? any BlockingAuditAppending
        self.sealer = sealer
        self.maxBatch = max(1, maxBatch)
        self.logger = logger
        (wakeups, wake) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    public func record(_ entry: AuditEntry) async throws -> AuditRecord {
        try await withCheckedThrowingContinuation { continuation in
            let (accepted, signalThread) = state.withLock { state -> (Bool, Bool) in
                guard !state.stopped else { return (false, false) }
                state.queue.append(Pending(entry: entry, continuation: continuation))
                return (true, state.takeThreadWaiting())
            }
            if !accepted {
                continuation.resume(throwing: AuditWriterError.stopped)
            } else if blockingLog != nil {
                if signalThread { threadWakeup.signal() }
            } else {
                wake.yield()
            }
        }
    }

    /// Writes batches until graceful shutdown (or cancellation), then flushes the queue and stops
    /// accepting entries.
    public func run() async throws {
        if let blockingLog {
            await withGracefulShutdownHandler {
                await withTaskCancellationHandler {
                    await withCheckedContinuation { (done: CheckedContinuation<Void, Never>) in
                        let thread = Thread { [self] in
                            writeOnThread(blockingLog)
                            done.resume()
                        }
                        thread.name = "parapet-audit"
                        thread.start()
                    }
                } onCancel: {
                    self.stopThread()
                }
            } onGracefulShutdown: {
                self.stopThread()
            }
            return
        }
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

    /// Takes up to `maxBatch` entries off the queue.
    private func nextBatch(_ state: inout State) -> [Pending] {
        let n = min(maxBatch, state.queue.count)
        let batch = Array(state.queue.prefix(n))
        state.queue.removeFirst(n)
        return batch
    }

    /// Writes until the queue is empty.
    private func drain() async {
        while true {
            let batch = state.withLock { nextBatch(&$0) }
            if batch.isEmpty { return }
            do {
                finish(batch, with: .success(try await log.append(batch.map(\.entry), sealer: sealer)))
            } catch {
                finish(batch, with: .failure(error))
            }
        }
    }

    /// The writer thread's loop: sleeps while the queue is empty, writes batch after batch, and
    /// returns once stopped with an empty queue.
    private func writeOnThread(_ log: any BlockingAuditAppending) {
        while true {
            let next = state.withLock { state -> [Pending]? in
                if state.queue.isEmpty {
                    if state.stopped { return nil }
                    state.threadWaiting = true
                    return []
                }
                return nextBatch(&state)
            }
            guard let batch = next else { return }
            if batch.isEmpty {
                threadWakeup.wait()
                continue
            }
            do {
                finish(batch, with: .success(try log.appendBlocking(batch.map(\.entry), sealer: sealer)))
            } catch {
                finish(batch, with: .failure(error))
            }
        }
    }

    /// Refuses new entries and wakes the writer thread to flush what is queued and return.
    private func stopThread() {
        let signal = state.withLock { state -> Bool in
            state.stopped = true
            return state.takeThreadWaiting()
        }
        if signal { threadWakeup.signal() }
    }

    private func finish(_ batch: [Pending], with result: Result<[AuditRecord], any Error>) {
        switch result {
        case .success(let records):
            for (pending, record) in zip(batch, records) { pending.continuation.resume(returning: record) }
        case .failure(let error):
            logger.error("audit batch of \(batch.count) records failed: \(error)")
            for pending in batch { pending.continuation.resume(throwing: error) }
        }
    }
}
