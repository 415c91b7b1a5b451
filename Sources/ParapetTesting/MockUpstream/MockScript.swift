import Synchronization

/// What the mock will answer and what it has seen: the default scenario, the queue, the call
/// count and the last requests. Shared by the public ``MockUpstream`` and the request handler.
final class MockScript: Sendable {
    /// How many requests ``MockUpstream/requests`` keeps.
    static let recordLimit = 1_000

    private struct State {
        var defaultScenario: MockScenario
        var queue: [MockScenario] = []
        var queueStart = 0
        var callCount = 0
        var recorded: [RecordedRequest] = []
        /// Where the oldest record is once `recorded` is full.
        var recordedStart = 0
    }

    private let state: Mutex<State>

    init(defaultScenario: MockScenario) {
        state = Mutex(State(defaultScenario: defaultScenario))
    }

    var defaultScenario: MockScenario {
        get { state.withLock { $0.defaultScenario } }
        set { state.withLock { $0.defaultScenario = newValue } }
    }

    func enqueue(_ scenarios: [MockScenario]) {
        state.withLock { state in
            if state.queueStart > 0 {
                state.queue.removeFirst(state.queueStart)
                state.queueStart = 0
            }
            state.queue.append(contentsOf: scenarios)
        }
    }

    var callCount: Int { state.withLock { $0.callCount } }

    /// The kept requests, oldest first.
    var requests: [RecordedRequest] {
        state.withLock { state in
            Array(state.recorded[state.recordedStart...] + state.recorded[..<state.recordedStart])
        }
    }

    /// Forgets the queue, the count and the records; keeps the default scenario.
    func reset() {
        state.withLock { state in
            state.queue = []
            state.queueStart = 0
            state.callCount = 0
            state.recorded = []
            state.recordedStart = 0
        }
    }

    /// Counts and records a request and returns its serial number (1 for the first) and, when
    /// `choosing`, its scenario: `header`, else the next queued one, else `model`'s, else the default.
    func admit(
        _ request: RecordedRequest, header: MockScenario?, model: MockScenario?, choosing: Bool
    ) -> (serial: Int, scenario: MockScenario) {
        state.withLock { state in
            state.callCount += 1
            if state.recorded.count < Self.recordLimit {
                state.recorded.append(request)
            } else {
                state.recorded[state.recordedStart] = request
                state.recordedStart = (state.recordedStart + 1) % Self.recordLimit
            }
            guard choosing else { return (state.callCount, state.defaultScenario) }
            if let header { return (state.callCount, header) }
            if state.queueStart < state.queue.count {
                defer { state.queueStart += 1 }
                return (state.callCount, state.queue[state.queueStart])
            }
            return (state.callCount, model ?? state.defaultScenario)
        }
    }
}
