import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetStore

/// One gateway call from request to response: route, input guard, provider call with retries and
/// fallbacks, output guard, audit record (durable before the response), headers.
struct GatewayService: Sendable {
    let router: GatewayRouter
    let registry: PolicyRegistry
    let audit: any AuditRecording
    let textHashSalt: [UInt8]
    let logger: Logger

    func chat(_ request: ChatRequest, api: InboundAPI, headers: HTTPFields, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        var request = request
        let route = try self.route(for: request.model)
        let policy = try self.policy(route, tenant: key.tenant)
        let callGuard = CallGuard(pipeline: policy.pipeline, failMode: route.failMode, timeout: route.guardTimeout)
        var record = CallRecord(api: api, request: request, route: route, key: key, requestID: context.requestID, headers: headers, salt: textHashSalt)

        let input = callGuard.guardInput(&request)
        record.input = input
        if input.blocked {
            record.outcome = input.failedClosed && input.blockingItem == nil ? "guard_unavailable" : "blocked_input"
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.blocked(input, auditID: auditID, record: record, api: api)
        }
        if request.stream {
            return try await stream(request, route: route, callGuard: callGuard, record: record, policy: policy)
        }

        let served: Served<ChatCompletion>
        do {
            served = try await router.complete(request, route: route)
        } catch {
            record.history = error.history
            record.outcome = "upstream_error"
            record.errorKind = error.error.kind.rawValue
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.failure(error, auditID: auditID, record: record, api: api)
        }
        record.target = served.target
        record.history = served.history
        record.usedFallback = served.usedFallback
        var completion = served.value
        record.usage = completion.usage
        record.finishReason = completion.choices.first?.finishReason
        record.firstToken = .now

        let output = callGuard.guardOutput(&completion)
        record.output = output
        if output.blocked {
            record.outcome = output.failedClosed && output.blockingItem == nil ? "guard_unavailable" : "blocked_output"
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.blocked(output, auditID: auditID, record: record, api: api)
        }
        let redacted = output.redactions > 0 ? completion.texts().map(\.text).joined(separator: "\n") : nil
        let auditID = try await write(record, policy: policy, redacted: redacted)
        return try GatewayResponses.completion(completion, auditID: auditID, record: record, api: api)
    }

    /// Streams the answer through a stream guard per choice; the audit record is written (and
    /// durable) before the stream's terminator is sent.
    private func stream(
        _ request: ChatRequest, route: RouteConfiguration, callGuard: CallGuard, record: CallRecord, policy: CompiledPolicy
    ) async throws -> Response {
        var record = record
        var upstream = request
        let clientWantsUsage = request.includeUsage
        upstream.setIncludeUsage(true)
        let started: Served<StartedStream>
        do {
            started = try await router.stream(upstream, route: route)
        } catch {
            record.history = error.history
            record.outcome = "upstream_error"
            record.errorKind = error.error.kind.rawValue
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.failure(error, auditID: auditID, record: record, api: record.api)
        }
        record.target = started.target
        record.history = started.history
        record.usedFallback = started.usedFallback
        record.firstToken = .now
        let relay = StreamRelay(
            stream: started.value, route: route, callGuard: callGuard, record: record, clientWantsUsage: clientWantsUsage,
            service: self, policy: policy)
        return GatewayResponses.eventStream(record: record, auditID: nil) { writer in
            try await relay.run(writer: &writer)
        }
    }

    /// Writes the audit record and waits until it is durable; 503 when the audit log is down.
    func write(_ record: CallRecord, policy: CompiledPolicy, redacted: String?) async throws -> String {
        let id = AuditID.make()
        do {
            _ = try await audit.record(record.entry(id: id, policyVersion: policy.version, redactedText: redacted))
        } catch {
            logger.error("gateway audit record failed: \(error)")
            throw APIError.unavailable
        }
        return id
    }

    func route(for model: String) throws -> RouteConfiguration {
        if let route = router.route(model) { return route }
        let known = router.configuration.routeOrder
        let hint = known.isEmpty ? "no routes are configured (see gateway.routes in parapet.yaml)" : "configured: " + known.joined(separator: ", ")
        throw APIError.gateway(.notFound, type: "invalid_request_error", "model \"\(model)\" is not a route of this gateway; \(hint)", param: "model", code: "model_not_found")
    }

    func policy(_ route: RouteConfiguration, tenant: String) throws -> CompiledPolicy {
        guard let policy = registry.policy(tenant: tenant, name: route.policy) else {
            throw APIError.gateway(
                .internalServerError, type: "configuration_error", "route \(route.name) uses policy \"\(route.policy)\", which this tenant does not have",
                code: "unknown_policy")
        }
        return policy
    }

    /// `GET /v1/models`: the routes, in OpenAI's list shape.
    func models() -> Response {
        var json = JSONWriter(capacity: 64 + 96 * router.configuration.routeOrder.count)
        json.raw("{\"object\":\"list\",\"data\":[")
        for (i, name) in router.configuration.routeOrder.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"id\":")
            json.string(name)
            json.raw(",\"object\":\"model\",\"created\":0,\"owned_by\":\"parapet\"}")
        }
        json.raw("]}")
        return JSONResponse.bytes(json.bytes)
    }

    /// `POST /v1/embeddings`: the inputs are guarded (block or redact) before they leave.
    func embeddings(_ body: JSONObject, headers: HTTPFields, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        guard let model = body["model"]?.stringValue else {
            throw APIError.invalidRequest("model is required and must be a string", param: "model", code: "invalid_type")
        }
        let route = try self.route(for: model)
        let policy = try self.policy(route, tenant: key.tenant)
        var body = body
        var findings: [String] = []
        let inputs: [String]
        switch body["input"] {
        case .string(let text)?: inputs = [text]
        case .array(let items)?: inputs = items.compactMap(\.stringValue)
        default: throw APIError.invalidRequest("input must be a string or an array of strings", param: "input", code: "invalid_type")
        }
        var redactedInputs: [JSON] = []
        for (index, text) in inputs.enumerated() {
            let decision = policy.pipeline.evaluate(text, direction: .input)
            findings += decision.findings.map(\.category.rawValue)
            if decision.action >= .review {
                let category = zip(decision.findings, decision.findingActions).first { $0.1 >= .review }?.0.category.rawValue ?? "guardrail"
                throw APIError.gateway(.badRequest, type: "guardrail_blocked", "input[\(index)] was blocked by the guardrail policy", param: "input[\(index)]", code: category)
            }
            redactedInputs.append(.string(decision.redactedText ?? text))
        }
        if case .array = body["input"] { body["input"] = .array(redactedInputs) } else if let first = redactedInputs.first { body["input"] = first }
        do {
            let served = try await router.embeddings(body, route: route)
            var response = JSONResponse.bytes(served.value)
            GatewayResponses.addHeaders(&response.headers, requestID: context.requestID, target: served.target.id, attempts: served.attempts, fallback: served.usedFallback, auditID: nil)
            return response
        } catch {
            throw GatewayResponses.apiError(error)
        }
    }

    /// `GET /v1/admin/targets`: every target with its circuit breaker's state.
    func targets() throws -> Response {
        let snapshots = router.breakers.snapshots(at: .now)
        var entries: [TargetState] = []
        for name in router.configuration.routeOrder {
            guard let route = router.configuration.routes[name] else { continue }
            for target in route.targets {
                entries.append(TargetState(route: name, target: target.id, provider: target.provider, model: target.model,
                                           breaker: snapshots[target.id] ?? router.breakers.snapshot(of: target.id, at: .now)))
            }
        }
        return try JSONResponse.encode(TargetList(data: entries))
    }

    struct TargetList: Encodable {
        var object = "list"
        var data: [TargetState]
    }

    struct TargetState: Encodable {
        var route: String
        var target: String
        var provider: String
        var model: String
        var breaker: BreakerSnapshot
    }
}
