import Hummingbird
import Logging
import ServiceLifecycle
import Synchronization

/// A scripted LLM provider on a real socket, speaking the OpenAI and Anthropic HTTP APIs, for
/// tests and benchmarks that must drive every failure path of the gateway.
///
/// ```swift
/// let mock = MockUpstream()
/// _ = try await mock.start()
/// mock.enqueue([.rateLimited(retryAfter: 1), .ok])  // the next two requests
/// // … point the gateway's provider at mock.baseURL and exercise it …
/// #expect(mock.callCount == 2)
/// await mock.stop()
/// ```
///
/// Endpoints: `POST /v1/chat/completions`, `POST /v1/embeddings` and `GET /v1/models` (OpenAI),
/// `POST /v1/messages` (Anthropic). Each completion request plays one ``MockScenario``: the
/// `x-mock-scenario` header's, else the next queued one, else the one a `mock-SCENARIO` model
/// names, else ``defaultScenario``.
public final class MockUpstream: Sendable {
    private enum Lifecycle {
        case idle
        case running(port: Int?, group: ServiceGroup, task: Task<Void, Never>)
    }

    private let script: MockScript
    private let pauses = MockPauses()
    private let latency: Duration
    private let lifecycle = Mutex(Lifecycle.idle)

    /// A mock that answers with `scenario` unless told otherwise, each answer `latency` late.
    public init(scenario: MockScenario = .ok, latency: Duration = .zero) {
        self.script = MockScript(defaultScenario: scenario)
        self.latency = latency
    }

    /// Binds and starts serving; returns the bound port (`port` 0 picks a free one). Serves until
    /// ``stop()``. Throws if it is already running or the address cannot be bound.
    public func start(host: String = "127.0.0.1", port: Int = 0) async throws -> Int {
        let bound = OneShot<Int>()
        let logger = Logger(label: "parapet.mock-upstream") { _ in SwiftLogNoOpLogHandler() }
        let app = Application(
            responder: MockResponder(script: script, pauses: pauses, latency: latency),
            server: .http1(configuration: .init(additionalChannelHandlers: [ClientGoneHandler()])),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in bound.succeed(channel.localAddress?.port ?? port) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(services: [app], logger: logger))
        try lifecycle.withLock { lifecycle in
            guard case .idle = lifecycle else { throw MockUpstreamError.alreadyRunning }
            pauses.resume()
            let task = Task {
                do {
                    try await group.run()
                    bound.fail(MockUpstreamError.stoppedBeforeListening)
                } catch {
                    bound.fail(error)
                }
            }
            lifecycle = .running(port: nil, group: group, task: task)
        }
        do {
            let port = try await bound.value
            lifecycle.withLock { lifecycle in
                if case .running(_, let group, let task) = lifecycle { lifecycle = .running(port: port, group: group, task: task) }
            }
            return port
        } catch {
            await stop()
            throw error
        }
    }

    /// Ends waiting answers (timeouts, slow streams) by closing their connections, lets other
    /// answers finish, closes the listening socket and returns when the server has stopped.
    /// Does nothing when not running.
    public func stop() async {
        let running: (ServiceGroup, Task<Void, Never>)? = lifecycle.withLock { lifecycle in
            guard case .running(_, let group, let task) = lifecycle else { return nil }
            lifecycle = .idle
            return (group, task)
        }
        guard let (group, task) = running else { return }
        pauses.stopAll()
        await group.triggerGracefulShutdown()
        await task.value
    }

    /// The bound port while running, else nil.
    public var port: Int? {
        lifecycle.withLock { lifecycle in
            if case .running(let port, _, _) = lifecycle { port } else { nil }
        }
    }

    /// `http://127.0.0.1:PORT/v1` while running (port 0 before ``start(host:port:)`` returns).
    public var baseURL: String { "http://127.0.0.1:\(port ?? 0)/v1" }

    /// The scenario of requests that no header, queue entry or model name decides.
    public var defaultScenario: MockScenario {
        get { script.defaultScenario }
        set { script.defaultScenario = newValue }
    }

    /// Gives the next requests these scenarios, in order, after any already queued; then the
    /// default applies again. A request whose `x-mock-scenario` header decides does not take one.
    public func enqueue(_ scenarios: [MockScenario]) {
        script.enqueue(scenarios)
    }

    /// The number of requests received (every endpoint) since start or ``reset()``.
    public var callCount: Int { script.callCount }

    /// The last requests received (at most 1,000), oldest first, without credential values.
    public var requests: [RecordedRequest] { script.requests }

    /// How many answers are waiting (latency, slow streams, timeouts); for tests of the mock.
    var waitingAnswers: Int { pauses.count }

    /// Forgets the queue, the call count and the recorded requests; keeps the default scenario.
    public func reset() {
        script.reset()
    }
}

/// Why ``MockUpstream/start(host:port:)`` failed.
public enum MockUpstreamError: Error, Sendable, Equatable {
    /// `start` was called while the mock was running.
    case alreadyRunning
    /// The server stopped before it was listening.
    case stoppedBeforeListening
}
