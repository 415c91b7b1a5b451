import NIOCore
import Synchronization

/// The waits of answers in progress (latency, slow chunks, timeouts), so that stopping the mock
/// ends them at once instead of holding the shutdown for up to a minute.
final class MockPauses: Sendable {
    /// How a wait ended.
    enum Outcome: Sendable, Equatable {
        /// The whole duration passed.
        case elapsed
        /// The mock is stopping, the connection closed, or the task was cancelled.
        case interrupted
    }

    private struct State {
        var isStopping = false
        var nextID = 0
        var gates: [Int: Gate] = [:]
    }

    private let state = Mutex(State())

    /// Waits `duration` on `channel`'s event loop; with `watchingClose`, also ends when the
    /// connection closes (the client went away).
    func pause(_ duration: Duration, on channel: any Channel, watchingClose: Bool) async -> Outcome {
        let gate = Gate()
        let id: Int? = state.withLock { state in
            guard !state.isStopping else { return nil }
            defer { state.nextID += 1 }
            state.gates[state.nextID] = gate
            return state.nextID
        }
        guard let id else { return .interrupted }
        defer { _ = state.withLock { $0.gates.removeValue(forKey: id) } }

        let timer = channel.eventLoop.scheduleTask(in: duration.timeAmount) { gate.open(.elapsed) }
        if watchingClose {
            channel.closeFuture.whenComplete { _ in gate.open(.interrupted) }
        }
        let outcome = await withTaskCancellationHandler {
            await gate.wait()
        } onCancel: {
            gate.open(.interrupted)
        }
        timer.cancel()
        return outcome
    }

    /// How many waits are in progress.
    var count: Int { state.withLock { $0.gates.count } }

    /// Ends every wait now and every later one at once, until ``resume()``.
    func stopAll() {
        let gates = state.withLock { state in
            state.isStopping = true
            return Array(state.gates.values)
        }
        for gate in gates { gate.open(.interrupted) }
    }

    /// Lets waits run again (after a restart).
    func resume() {
        state.withLock { $0.isStopping = false }
    }

    /// A one-shot latch: the first ``open(_:)`` decides the outcome of the single ``wait()``.
    private final class Gate: Sendable {
        private enum State {
            case closed
            case waiting(CheckedContinuation<Outcome, Never>)
            case open(Outcome)
        }

        private let state = Mutex(State.closed)

        func wait() async -> Outcome {
            await withCheckedContinuation { continuation in
                let ready: Outcome? = state.withLock { state in
                    switch state {
                    case .closed:
                        state = .waiting(continuation)
                        return nil
                    case .open(let outcome):
                        return outcome
                    case .waiting:
                        return .interrupted  // a second waiter; Gate has only one by construction
                    }
                }
                if let ready { continuation.resume(returning: ready) }
            }
        }

        func open(_ outcome: Outcome) {
            let continuation: CheckedContinuation<Outcome, Never>? = state.withLock { state in
                switch state {
                case .closed:
                    state = .open(outcome)
                    return nil
                case .waiting(let continuation):
                    state = .open(outcome)
                    return continuation
                case .open:
                    return nil
                }
            }
            continuation?.resume(returning: outcome)
        }
    }
}

extension Duration {
    /// The duration as a NIO time amount, clamped to what one can hold.
    var timeAmount: TimeAmount {
        let (seconds, attoseconds) = components
        guard seconds < Int64.max / 1_000_000_000 - 1 else { return .nanoseconds(.max) }
        return .nanoseconds(max(0, seconds * 1_000_000_000 + attoseconds / 1_000_000_000))
    }
}
