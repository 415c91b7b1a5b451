import Logging
import ParapetGateway
import ParapetTesting

/// Builds the gateway from configuration; providers of kind `mock` get a scripted mock upstream
/// started in this process on a free port (for trials without a network).
enum GatewayBootstrap {
    static func start(_ configuration: GatewayConfiguration, environment: [String: String], logger: Logger) async throws -> (GatewayRouter, [MockUpstream]) {
        var configuration = configuration
        var mocks: [MockUpstream] = []
        for (name, provider) in configuration.providers where provider.kind == .mock {
            let mock = MockUpstream()
            let port = try await mock.start(host: "127.0.0.1", port: 0)
            configuration.providers[name]?.baseURL = "http://127.0.0.1:\(port)/v1"
            mocks.append(mock)
            logger.info("gateway provider \(name): scripted mock upstream on http://127.0.0.1:\(port)/v1")
        }
        if !configuration.routes.isEmpty {
            logger.info("gateway routes: \(configuration.routeOrder.joined(separator: ", "))")
        }
        return (GatewayRouter.make(configuration: configuration, environment: environment), mocks)
    }

    static func stop(_ gateway: GatewayRouter, mocks: [MockUpstream]) async {
        await gateway.shutdown()
        for mock in mocks { await mock.stop() }
    }
}
