import ArgumentParser
import Foundation
import Logging
import ParapetTesting
import ServiceLifecycle

struct MockUpstreamCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "mock-upstream",
        abstract: "Run a scripted mock LLM provider (OpenAI and Anthropic APIs) for tests and benchmarks.",
        discussion: """
            Serves POST /v1/chat/completions, POST /v1/messages, POST /v1/embeddings and GET /v1/models \
            until SIGINT or SIGTERM. A request's scenario comes from its x-mock-scenario header, else \
            from a model named mock-SCENARIO, else from --scenario. Scenarios: ok, reply:TEXT, \
            rate_limited[;retry_after=SECONDS], server_error, timeout, malformed_json, content_filter, \
            context_length, slow_stream[;interval_ms=N], cut_stream.
            """
    )

    @Option(name: .long, help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(name: .long, help: "Port to listen on (0 picks a free one).")
    var port = 18_080

    @Option(name: .long, help: "Scenario of requests that name none, in x-mock-scenario form.")
    var scenario = "ok"

    @Option(name: .customLong("latency-ms"), help: "Delay before every answer, in milliseconds.")
    var latencyMilliseconds = 0

    func validate() throws {
        if !(0...65_535).contains(port) { throw ValidationError("--port must be 0…65535") }
        if MockScenario(headerValue: scenario) == nil { throw ValidationError("--scenario: unknown scenario \"\(scenario)\"") }
        if latencyMilliseconds < 0 { throw ValidationError("--latency-ms must not be negative") }
    }

    func run() async throws {
        guard let scenario = MockScenario(headerValue: scenario) else { throw UsageError("unknown scenario \(self.scenario)") }
        let mock = MockUpstream(scenario: scenario, latency: .milliseconds(latencyMilliseconds))
        let logger = Logger(label: "parapet.mock-upstream")
        let service = MockUpstreamService(mock: mock, host: host, port: port)
        let group = ServiceGroup(
            configuration: .init(services: [service], gracefulShutdownSignals: [.sigterm, .sigint], logger: logger))
        try await group.run()
    }
}

/// Serves the mock from start until graceful shutdown.
private struct MockUpstreamService: Service {
    let mock: MockUpstream
    let host: String
    let port: Int

    func run() async throws {
        let bound = try await mock.start(host: host, port: port)
        // Unbuffered, so a script waiting for this line sees it even when output is redirected.
        FileHandle.standardOutput.write(Data("mock upstream listening on http://\(host):\(bound)/v1\n".utf8))
        try? await gracefulShutdown()
        await mock.stop()
    }
}
