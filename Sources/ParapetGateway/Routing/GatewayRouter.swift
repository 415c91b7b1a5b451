import ParapetCore

/// Serves a call on a route: picks targets by weight, retries and falls back by error class
/// (``AttemptPlanner``), skips targets whose circuit is open, feeds every outcome to the breakers,
/// and bounds everything by the route's deadline.
public final class GatewayRouter: Sendable {
    public let configuration: GatewayConfiguration
    public let breakers: BreakerBoard
    let providers: [String: any ChatProvider]

    public init(configuration: GatewayConfiguration, providers: [String: any ChatProvider], breakers: BreakerBoard) {
        self.configuration = configuration
        self.providers = providers
        self.breakers = breakers
    }

    /// The route a client's `model` names.
    public func route(_ model: String) -> RouteConfiguration? {
        configuration.routes[model]
    }

    /// A non-streaming completion. A 200 whose body fails the quality check (a `json_schema` or
    /// `json_object` answer that is not JSON, tool-call arguments that are not JSON) counts as a
    /// quality failure for the breaker and moves on like a malformed response.
    ///
    /// `deferSuccess`: a usable answer is not yet reported to the breaker; the caller judges it
    /// (schema validation) and reports with ``recordOutcome(_:target:)``.
    public func complete(
        _ request: ChatRequest, route: RouteConfiguration, excluding excluded: Set<String> = [], deferSuccess: Bool = false
    ) async throws(GatewayFailure) -> Served<ChatCompletion> {
        try await serve(route, excluding: excluded, deferSuccess: deferSuccess) { provider, target, deadline throws(ProviderError) in
            let completion = try await provider.complete(request, model: target.model, deadline: deadline)
            if let problem = QualityCheck.problem(in: completion, for: request, repairable: route.validation.enabled && route.validation.repair) {
                throw ProviderError(.malformedResponse, "\(target.id): \(problem)")
            }
            return completion
        }
    }

    /// A streaming completion: returns once the first chunk arrived, so failures before any output
    /// still fall back to the next target. Later failures end the stream (the caller reports them
    /// to the breaker with ``recordStreamOutcome(_:target:)``).
    public func stream(_ request: ChatRequest, route: RouteConfiguration, excluding excluded: Set<String> = []) async throws(GatewayFailure) -> Served<StartedStream> {
        try await serve(route, excluding: excluded) { provider, target, deadline throws(ProviderError) in
            var stream = try await provider.stream(request, model: target.model, deadline: deadline)
            let first = try await stream.next()
            return StartedStream(stream: stream, first: first)
        }
    }

    /// An embeddings call through the route's targets (same retries and fallbacks).
    public func embeddings(_ body: JSONObject, route: RouteConfiguration, excluding excluded: Set<String> = []) async throws(GatewayFailure) -> Served<[UInt8]> {
        try await serve(route, excluding: excluded) { provider, target, deadline throws(ProviderError) in
            try await provider.embeddings(body, model: target.model, deadline: deadline)
        }
    }

    /// The outcome of an answer whose success the router deferred (or a quality failure found
    /// after the router accepted it), for the target's breaker.
    public func recordOutcome(_ outcome: CallOutcome, target: RouteConfiguration.Target) {
        breakers.record(outcome, for: target.id, at: .now)
    }

    /// How a stream that had started ended, for the target's breaker.
    public func recordStreamOutcome(_ error: ProviderError?, target: RouteConfiguration.Target) {
        breakers.record(error.map { CallOutcome($0.kind) } ?? .success, for: target.id, at: .now)
    }

    /// The retry and fallback loop around one kind of call.
    /// Targets in `excluded` (switched off by an operator) are skipped like open circuits.
    private func serve<T>(
        _ route: RouteConfiguration, excluding excluded: Set<String>, deferSuccess: Bool = false,
        _ call: (any ChatProvider, RouteConfiguration.Target, ContinuousClock.Instant) async throws(ProviderError) -> T
    ) async throws(GatewayFailure) -> Served<T> {
        let started = ContinuousClock.now
        let planned = route.targets.map { PlannedTarget(id: $0.id, weight: $0.weight, contextWindow: $0.contextWindow) }
        var planner = AttemptPlanner(targets: planned, policy: route.retry, deadline: started.advanced(by: route.deadline), maxAttempts: route.maxAttempts)
        var random = SystemRandomNumberGenerator()
        let breakers = self.breakers
        let isAvailable: (String) -> Bool = { !excluded.contains($0) && breakers.isAvailable($0, at: .now) }
        var decision = planner.first(at: .now, isAvailable: isAvailable, using: &random)
        while true {
            switch decision {
            case .giveUp(let error, let reason):
                throw GatewayFailure(error: error, reason: reason, history: planner.history)
            case .attempt(let planned, let delay, _):
                if delay > .zero {
                    do { try await Task.sleep(for: delay) } catch {
                        throw GatewayFailure(error: ProviderError(.timeout, "the call was cancelled"), reason: .deadlinePassed, history: planner.history)
                    }
                }
                let outcome: Result<T, ProviderError>
                let target = route.targets.first { $0.id == planned.id }
                if let target, let provider = providers[target.provider] {
                    if breakers.acquire(target.id, at: .now) {
                        let deadline = min(planner.deadline, ContinuousClock.now.advanced(by: provider.totalTimeout))
                        do throws(ProviderError) {
                            outcome = .success(try await call(provider, target, deadline))
                        } catch {
                            outcome = .failure(error)
                        }
                        switch outcome {
                        case .success: if !deferSuccess { breakers.record(.success, for: target.id, at: .now) }
                        case .failure(let error): breakers.record(CallOutcome(error.kind), for: target.id, at: .now)
                        }
                    } else {
                        outcome = .failure(ProviderError(.serverError, "the circuit of \(target.id) is open"))
                    }
                    if case .success(let value) = outcome {
                        return Served(value: value, target: target, history: planner.history, usedFallback: planner.usedFallback)
                    }
                } else {
                    outcome = .failure(ProviderError(.serverError, "target \(planned.id) has no provider"))
                }
                if case .failure(let error) = outcome {
                    decision = planner.next(after: error, at: .now, isAvailable: isAvailable, using: &random)
                }
            }
        }
    }

    /// Closes every provider's connections.
    public func shutdown() async {
        for provider in providers.values { await provider.shutdown() }
    }
}

/// A call's result with the target that served it and the attempts it took.
public struct Served<Value> {
    public var value: Value
    public var target: RouteConfiguration.Target
    public var history: [AttemptRecord]
    public var usedFallback: Bool
    public var attempts: Int { history.count }
}

/// A stream whose first chunk has arrived (nil when the stream ended at once, properly).
public struct StartedStream {
    public var stream: ChunkStream
    public var first: ChatChunk?
}

/// Every attempt failed: the last error, why the router gave up, and what it tried.
public struct GatewayFailure: Error, Sendable {
    public var error: ProviderError
    public var reason: GiveUpReason
    public var history: [AttemptRecord]
}

extension GatewayRouter {
    /// A router with a provider per configured provider. `mock` providers must have had their
    /// `baseURL` set to a running mock upstream (``ParapetTesting/MockUpstream``); they speak the
    /// OpenAI API.
    public static func make(configuration: GatewayConfiguration, environment: [String: String], breakers: BreakerBoard? = nil) -> GatewayRouter {
        var providers: [String: any ChatProvider] = [:]
        for (name, provider) in configuration.providers {
            switch provider.kind {
            case .openai, .mock: providers[name] = OpenAIProvider(configuration: provider, environment: environment)
            case .anthropic: providers[name] = AnthropicProvider(configuration: provider, environment: environment)
            }
        }
        return GatewayRouter(configuration: configuration, providers: providers, breakers: breakers ?? BreakerBoard(configuration: configuration.circuitBreaker))
    }
}
