import Foundation
import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetReview
import ParapetStore

/// One gateway call from request to response: route, input guard, provider call with retries and
/// fallbacks, output guard, audit record (durable before the response), headers.
struct GatewayService: Sendable {
    let router: GatewayRouter
    let registry: PolicyRegistry
    let audit: any AuditRecording
    let governance: Governance
    /// Where answers in the review tier are held until a person decides.
    let reviews: any ReviewQueue
    /// Compiled JSON Schemas of `response_format` and tools, shared by all calls.
    let schemas: SchemaCache
    /// The tool-call policy, its counters and permission services (`checkTools`, `ToolStage.swift`).
    let tools: ToolStage
    /// What `first_time_task` and `contradiction` triggers remember of delivered calls (per
    /// process; a shared store comes with PostgreSQL).
    var escalationMemory: any EscalationMemory = InMemoryEscalationMemory()
    let textHashSalt: [UInt8]
    let logger: Logger

    /// What the call holds until it ends: its rate-limit admission and budget reservation.
    struct Holds: Sendable {
        var admission: RateLimiter.Admission?
        var budget: BudgetHold?
    }

    func chat(_ request: ChatRequest, api: InboundAPI, headers: HTTPFields, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        var request = request
        let configuration = router.configuration
        var route = try self.route(for: request.model)
        let policy = try self.policy(route, tenant: key.tenant)
        var record = CallRecord(api: api, request: request, route: route, key: key, requestID: context.requestID, headers: headers, salt: textHashSalt)
        let quality = try prepareQuality(&request, route: route)
        if request.stream, route.needsWholeAnswer(request) || (tools.policy != nil && !request.tools.isEmpty) {
            // Gated answers are completed first, then streamed (record.stream keeps the client's wish).
            request.json["stream"] = .bool(false)
            request.json["stream_options"] = nil
        }
        if let refusal = governance.checkSwitches(request, route: route, tenant: key.tenant) {
            return try await refuse(refusal, record: record, policy: policy)
        }
        let switches = governance.switches.switches(tenant: key.tenant)
        let failMode = switches.failMode(route: route.name, configured: route.failMode)
        let callGuard = CallGuard(pipeline: policy.pipeline, failMode: failMode, timeout: route.guardTimeout)

        let input = callGuard.guardInput(&request)
        record.input = input
        if input.blocked {
            record.outcome = input.failedClosed && input.blockingItem == nil ? "guard_unavailable" : "blocked_input"
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.blocked(input, auditID: auditID, record: record, api: api)
        }
        if let refusal = governance.checkSession(tenant: key.tenant, session: record.session, limits: configuration.sessions, note: &record.governance) {
            if let reason = refusal.handOff {
                return try await handOff(request: request, record: record, policy: policy, reason: reason, reply: Self.sessionHandOffReply)
            }
            return try await refuse(refusal, record: record, policy: policy)
        }
        let promptTokens = TokenEstimate.promptTokens(request)
        let outputTokens = Int64(request.maxTokens.map { max(0, $0) } ?? route.maxOutputTokens)
        var holds = Holds()
        switch governance.checkRate(keyID: key.id, route: route, limit: configuration.keyRateLimit, estimatedTokens: promptTokens + outputTokens) {
        case .failure(let refusal): return try await refuse(refusal, record: record, policy: policy)
        case .success(let admission): holds.admission = admission
        }

        // Caches: an exact hit, then a semantic one, answer without an upstream call.
        let cacheKey = route.cache.flatMap { CacheKey.isCacheable(request, maxTemperature: $0.maxTemperature) ? CacheKey.make(route: route.name, request: request) : nil }
        if let cacheKey {
            if let entry = await cachedEntry(tenant: key.tenant, key: cacheKey), entry.expiresAt > Date(), let completion = CachedAnswer.completion(entry.body) {
                record.governance.cache = "hit"
                return try await deliver(completion, request: request, record: record, policy: policy, holds: holds)
            }
            record.governance.cache = "miss"
        }
        var vector: [Float]?
        if let semantic = route.semanticCache, CacheKey.isCacheable(request, maxTemperature: route.cache?.maxTemperature ?? 0.1) {
            vector = await embedding(of: request, settings: semantic)
            if let vector, let hit = governance.semantic.lookup(tenant: key.tenant, route: route.name, vector: vector, threshold: semantic.threshold),
               let completion = CachedAnswer.completion(hit.body) {
                record.governance.cache = "semantic_hit"
                record.governance.similarity = hit.similarity
                return try await deliver(completion, request: request, record: record, policy: policy, holds: holds)
            }
            if record.governance.cache == nil { record.governance.cache = "miss" }
        }

        let subjects = BudgetSubjects(tenant: key.tenant, keyID: key.id, user: record.user, session: record.session, feature: record.feature)
        let reservation: Result<BudgetHold?, GovernanceRefusal>
        do {
            reservation = try await governance.reserve(request, route: route, subjects: subjects, configuration: configuration, promptTokens: promptTokens)
        } catch {
            logger.error("budget ledger failed: \(error)")
            await settle(&record, holds: holds, usage: nil, consumed: false)
            throw APIError.unavailable
        }
        switch reservation {
        case .failure(let refusal):
            await settle(&record, holds: holds, usage: nil, consumed: false)
            return try await refuse(refusal, record: record, policy: policy)
        case .success(let hold):
            holds.budget = hold
            if let hold {
                record.governance.budgetAccounts = hold.accounts
                record.governance.reserved = hold.reserved
                if let from = hold.downgradedFrom {
                    record.governance.downgradedFrom = from
                    route = hold.route
                    record.route = route.name
                }
            }
        }

        if request.stream {
            return try await stream(request, route: route, callGuard: callGuard, record: record, policy: policy, holds: holds, excluded: switches.targets)
        }

        let served: Served<ChatCompletion>
        do {
            served = try await router.complete(request, route: route, excluding: switches.targets, deferSuccess: !quality.requirements.isEmpty)
        } catch {
            record.history = error.history
            return try await degrade(
                after: error, request: request, route: route, cacheKey: cacheKey, record: record, policy: policy, holds: holds, excluded: switches.targets,
                quality: quality)
        }
        return try await finish(
            served, request: request, callGuard: callGuard, switches: switches, record: record, policy: policy, holds: holds, cacheKey: cacheKey, vector: vector,
            quality: quality, outcomePending: !quality.requirements.isEmpty)
    }

    /// Output validation (repairs, re-asks), the output guard, kill switches on the answer, the
    /// grounding check, the confidence gate, settlement, caching, audit and response of an answer
    /// from upstream. `outcomePending`: the router left the answer's breaker outcome to this stage.
    private func finish(
        _ served: Served<ChatCompletion>, request: ChatRequest, callGuard: CallGuard, switches: SwitchBoard.Switches, record: CallRecord,
        policy: CompiledPolicy, holds: Holds, cacheKey: String?, vector: [Float]?, quality: QualityContext, outcomePending: Bool
    ) async throws -> Response {
        var record = record
        var served = served
        record.history = served.history
        record.usedFallback = served.usedFallback
        record.firstToken = .now
        var usage = served.value.usage
        let route = router.configuration.routes[record.route]
        if let route, !quality.requirements.isEmpty {
            let problems = await validate(
                &served, request: request, route: route, requirements: quality.requirements, record: &record, usage: &usage,
                excluded: switches.targets, outcomePending: outcomePending)
            if !problems.isEmpty {
                record.target = served.target
                record.usage = usage
                await settle(&record, holds: holds, usage: usage, consumed: true)
                record.outcome = "invalid_output"
                let auditID = try await write(record, policy: policy, redacted: nil)
                return GatewayResponses.error(Self.invalidOutput(problems), api: record.api, record: record, auditID: auditID)
            }
        } else if outcomePending {
            router.recordOutcome(.success, target: served.target)
        }
        record.target = served.target
        var completion = served.value
        record.usage = usage
        record.finishReason = completion.choices.first?.finishReason
        await settle(&record, holds: holds, usage: usage, consumed: true)

        var output = callGuard.guardOutput(&completion)
        Self.applySwitches(switches, to: &output, completion: completion)
        var ceiling = ConfidenceTier.deliver
        if let grounding = route?.grounding {
            ceiling = await checkGrounding(completion, context: quality, settings: grounding, request: request, record: &record, output: &output)
        }
        record.output = output
        if output.blocked {
            record.outcome = output.failedClosed && output.blockingItem == nil ? "guard_unavailable" : "blocked_output"
            let auditID = try await write(record, policy: policy, redacted: nil)
            return GatewayResponses.blocked(output, auditID: auditID, record: record, api: record.api)
        }
        var tier = ceiling
        if let settings = route?.confidence {
            let assessment = await assessConfidence(completion, request: request, context: quality, settings: settings, record: &record)
            record.quality.confidence = assessment
            tier = min(tier, assessment.tier)
        }
        var gates: [EscalationInput.Gate] = []
        switch tier {
        case .deliver:
            break
        case .review:
            gates.append(EscalationInput.Gate(kind: .qualityGate, detail: Self.gateDetail(record.quality)))
        case .abstain:
            record.outcome = "abstained"
            if let replacement = await abstain(request: request, settings: route?.confidence ?? ConfidenceSettings(), record: &record) {
                completion = replacement
            }
        }
        if !quality.clientWantsLogprobs { Self.stripLogprobs(&completion) }
        // The tool-call policy, on answers that call tools when `tools:` is configured: deny
        // refuses the answer, review escalates it, allow counts the calls (atomically).
        var toolCheck: ToolCheck?
        if tier != .abstain, tools.policy != nil, let check = await checkTools(completion, record: record, switches: switches) {
            toolCheck = check
            record.toolDecisions = check.json
            switch check.outcome {
            case .deny:
                record.outcome = "tool_denied"
                let auditID = try await write(record, policy: policy, redacted: nil)
                return GatewayResponses.error(check.refusal, api: record.api, record: record, auditID: auditID)
            case .review:
                gates.append(EscalationInput.Gate(kind: .toolPolicy, detail: check.summary, priority: 90))
            case .allow:
                break
            }
        }
        var postAudit: ReviewItem?
        if tier != .abstain, let escalation = escalate(completion, route: route, record: record, output: output, gates: gates) {
            let decision = escalation.decision
            switch decision.handoff {
            case .preAction:
                // Held tool calls count against their counters now (a rejected one keeps its
                // count: the limits err on the safe side).
                if let toolCheck { await recordTools(toolCheck, record: record) }
                return try await hold(completion, request: request, record: record, policy: policy, output: output, decision: decision, settings: escalation.settings)
            case .postAudit:
                let id = "rev_" + AuditID.make()
                record.escalation = EscalationNote(decision: decision, reviewID: id)
                postAudit = Self.reviewItem(
                    id: id, completion: completion, request: request, record: record, decision: decision, settings: escalation.settings, output: output,
                    auditID: "", now: Date())
                rememberDelivered(escalation.input, settings: escalation.settings)
            case .none:
                record.escalation = EscalationNote(decision: decision, reviewID: nil)
                rememberDelivered(escalation.input, settings: escalation.settings)
            }
        }
        if let toolCheck, toolCheck.outcome == .review { await recordTools(toolCheck, record: record) }
        // Answers that called policed tools are not cached: a cache hit would skip the policy.
        if tier == .deliver, toolCheck == nil, record.governance.degraded.isEmpty, record.governance.downgradedFrom == nil {
            await store(completion, record: record, cacheKey: cacheKey, vector: vector, route: route)
        }
        let redacted = output.redactions > 0 ? completion.texts().map(\.text).joined(separator: "\n") : nil
        let auditID: String
        do {
            auditID = try await write(record, policy: policy, redacted: redacted)
        } catch {
            // Not delivered after all: the admitted tool calls give their counts back.
            if let toolCheck { await releaseTools(toolCheck, record: record) }
            throw error
        }
        if var item = postAudit {
            item.auditID = auditID
            await enqueuePostAudit(item)
        }
        if record.stream {
            return streamed(completion, record: record, auditID: auditID)
        }
        return try GatewayResponses.completion(completion, auditID: auditID, record: record, api: record.api)
    }

    /// A whole answer sent as a stream (a cached answer, or one a quality gate had to see whole);
    /// `beforeEnd` runs after the last chunk and before the terminator.
    private func streamed(
        _ completion: ChatCompletion, record: CallRecord, auditID: String?, beforeEnd: (@Sendable () async throws -> Void)? = nil
    ) -> Response {
        let chunks = CachedAnswer.chunks(of: completion, model: record.modelRequested, includeUsage: record.includeUsage)
        let final = record
        return GatewayResponses.eventStream(record: record, auditID: auditID) { writer in
            var state = StreamRelay.State(record: final, api: final.api, modelAlias: final.modelRequested)
            for chunk in chunks { try await state.emit(chunk, to: &writer) }
            try await beforeEnd?()
            try await state.emitEnd(to: &writer)
        }
    }

    /// The quality gate's trigger detail: which gate, and its numbers (never content).
    static func gateDetail(_ note: QualityNote) -> String {
        if let confidence = note.confidence, confidence.tier == .review {
            let score = confidence.calibrated.map { String(format: "%.3f", $0) } ?? "unavailable"
            return "confidence gate: \(score) in [\(confidence.thresholds.reject), \(confidence.thresholds.auto))"
        }
        if let grounding = note.grounding { return "grounding check: score \(String(format: "%.3f", grounding.score)) below the route's minimum" }
        return "quality gate: review tier"
    }

    /// Why an answer is held for review, for the reviewer and the client.
    static func reviewReason(_ note: QualityNote) -> String {
        if let confidence = note.confidence, confidence.tier == .review {
            var detail = "confidence " + (confidence.calibrated.map { String(format: "%.3f", $0) } ?? "unavailable (\(confidence.missing ?? "no score"))")
            detail += " is between the reject threshold \(confidence.thresholds.reject) and the auto threshold \(confidence.thresholds.auto)"
            if let window = confidence.window { detail += " (window \(window))" }
            let fields = confidence.fields.filter { $0.tier == .review }.map(\.path)
            if !fields.isEmpty { detail += "; fields held: " + fields.joined(separator: ", ") }
            return detail
        }
        if let grounding = note.grounding {
            return "grounding score \(String(format: "%.3f", grounding.score)) is below the route's minimum"
        }
        return "the route holds this answer for review"
    }

    /// A category switched off blocks the answer; so does a call of a switched-off tool.
    static func applySwitches(_ switches: SwitchBoard.Switches, to verdict: inout GuardVerdict, completion: ChatCompletion) {
        guard !switches.categories.isEmpty || !switches.tools.isEmpty else { return }
        for index in verdict.items.indices where switches.categories.contains(verdict.items[index].finding.category.rawValue) {
            verdict.items[index].action = .block
            verdict.action = .block
        }
        for choice in completion.choices {
            for call in choice.toolCalls where switches.tools.contains(call.name) {
                let finding = Finding(
                    category: CategoryID("tool_disabled"), start: 0, end: 0, utf8Start: 0, utf8End: 0, score: 1,
                    detector: DetectorID(name: "kill-switch", version: 1), explanation: "the answer calls tool \(call.name), which is switched off")
                verdict.items.append(.init(finding: finding, action: .block, direction: .output, messageIndex: nil, choiceIndex: choice.index))
                verdict.action = .block
            }
        }
    }

    /// An answer that did not come from upstream now (cache, rule-based reply): audited and
    /// returned, whole or as a stream.
    private func deliver(_ completion: ChatCompletion, request: ChatRequest, record: CallRecord, policy: CompiledPolicy, holds: Holds) async throws -> Response {
        var record = record
        record.usage = nil
        record.finishReason = completion.choices.first?.finishReason
        record.firstToken = .now
        await settle(&record, holds: holds, usage: Usage(), consumed: true)
        if record.stream {
            let service = self
            let final = record
            return streamed(completion, record: record, auditID: nil) { _ = try await service.write(final, policy: policy, redacted: nil) }
        }
        let auditID = try await write(record, policy: policy, redacted: nil)
        return try GatewayResponses.completion(completion, auditID: auditID, record: record, api: record.api)
    }

    /// The degradation chain after every target of the route failed.
    private func degrade(
        after failure: GatewayFailure, request: ChatRequest, route: RouteConfiguration, cacheKey: String?, record: CallRecord, policy: CompiledPolicy,
        holds: Holds, excluded: Set<String>, quality: QualityContext = QualityContext()
    ) async throws -> Response {
        var record = record
        record.errorKind = failure.error.kind.rawValue
        if let settings = route.degrade {
            if let name = settings.route, let other = router.configuration.routes[name] {
                record.governance.degraded.append("route:" + name)
                if request.stream {
                    if let started = try? await router.stream(request, route: other, excluding: excluded) {
                        record.errorKind = nil
                        let callGuard = CallGuard(pipeline: policy.pipeline, failMode: other.failMode, timeout: other.guardTimeout)
                        return relay(started, request: request, route: other, callGuard: callGuard, record: record, policy: policy, holds: holds)
                    }
                } else if let served = try? await router.complete(request, route: other, excluding: excluded) {
                    record.errorKind = nil
                    let callGuard = CallGuard(pipeline: policy.pipeline, failMode: other.failMode, timeout: other.guardTimeout)
                    let switches = governance.switches.switches(tenant: record.tenant)
                    return try await finish(
                        served, request: request, callGuard: callGuard, switches: switches, record: record, policy: policy, holds: holds, cacheKey: nil,
                        vector: nil, quality: quality, outcomePending: false)
                }
            }
            if settings.cached {
                record.governance.degraded.append("cached")
                let key = cacheKey ?? CacheKey.make(route: route.name, request: request)
                if let entry = await cachedEntry(tenant: record.tenant, key: key), let completion = CachedAnswer.completion(entry.body) {
                    record.governance.cache = "stale_hit"
                    return try await deliver(completion, request: request, record: record, policy: policy, holds: holds)
                }
            }
            if let reply = settings.reply, let completion = CachedAnswer.staticReply(reply, model: record.modelRequested, requestID: record.requestID) {
                record.governance.degraded.append("static_reply")
                return try await deliver(completion, request: request, record: record, policy: policy, holds: holds)
            }
            if settings.escalate {
                record.governance.degraded.append("escalate")
                await settle(&record, holds: holds, usage: nil, consumed: false)
                return try await handOff(
                    request: request, record: record, policy: policy,
                    reason: "every target of route \(route.name) failed (\(failure.error.kind.rawValue))", reply: settings.reply ?? Self.degradedHandOffReply)
            }
        }
        await settle(&record, holds: holds, usage: nil, consumed: false)
        record.outcome = "upstream_error"
        let auditID = try await write(record, policy: policy, redacted: nil)
        return GatewayResponses.failure(failure, auditID: auditID, record: record, api: record.api)
    }

    /// Streams the answer through a stream guard per choice; the audit record is written (and
    /// durable) before the stream's terminator is sent.
    private func stream(
        _ request: ChatRequest, route: RouteConfiguration, callGuard: CallGuard, record: CallRecord, policy: CompiledPolicy, holds: Holds,
        excluded: Set<String>
    ) async throws -> Response {
        var record = record
        var upstream = request
        upstream.setIncludeUsage(true)
        let started: Served<StartedStream>
        do {
            started = try await router.stream(upstream, route: route, excluding: excluded)
        } catch {
            record.history = error.history
            return try await degrade(after: error, request: upstream, route: route, cacheKey: nil, record: record, policy: policy, holds: holds, excluded: excluded)
        }
        return relay(started, request: request, route: route, callGuard: callGuard, record: record, policy: policy, holds: holds)
    }

    private func relay(
        _ started: sending Served<StartedStream>, request: ChatRequest, route: RouteConfiguration, callGuard: CallGuard, record: CallRecord, policy: CompiledPolicy,
        holds: Holds
    ) -> Response {
        var record = record
        record.target = started.target
        record.history = started.history
        record.usedFallback = started.usedFallback
        record.firstToken = .now
        let relay = StreamRelay(
            stream: started.value, route: route, callGuard: callGuard, record: record, clientWantsUsage: request.includeUsage,
            service: self, policy: policy, holds: holds, switches: governance.switches.switches(tenant: record.tenant))
        return GatewayResponses.eventStream(record: record, auditID: nil) { writer in
            try await relay.run(writer: &writer)
        }
    }

    /// Ends the call's holds: the rate limiter gets back what the estimate overstated; the budget
    /// reservation becomes the real usage (`consumed`; the reservation itself when the upstream
    /// reported no usage) or is released.
    func settle(_ record: inout CallRecord, holds: Holds, usage: Usage?, consumed: Bool) async {
        if let admission = holds.admission {
            governance.rateLimiter.settle(admission, actualTokens: usage?.budgetTokens ?? (consumed ? admission.estimatedTokens : 0))
        }
        guard let hold = holds.budget else { return }
        do {
            if consumed {
                let actual: BudgetAmount
                if let usage {
                    let price = record.target.flatMap { router.configuration.price(of: $0) }
                    actual = usage.budgetAmount(price: price)
                } else {
                    actual = hold.reserved
                    record.governance.usageEstimated = true
                }
                if try await governance.ledger.settle(hold.id, actual: actual) { record.governance.settled = actual }
            } else {
                _ = try await governance.ledger.release(hold.id)
            }
        } catch {
            // The reservation expires on its own and is then released.
            logger.error("budget ledger failed to settle \(hold.id): \(error)")
        }
    }

    /// A refusal by governance: audited, in the API's error shape, with `retry-after` if known.
    func refuse(_ refusal: GovernanceRefusal, record: CallRecord, policy: CompiledPolicy) async throws -> Response {
        var record = record
        record.outcome = refusal.outcome
        let auditID = try await write(record, policy: policy, redacted: nil)
        var response = GatewayResponses.error(refusal.error, api: record.api, record: record, auditID: auditID)
        if let retryAfter = refusal.retryAfter {
            response.headers[.retryAfter] = String(max(1, Int(retryAfter.inSeconds.rounded(.up))))
        }
        return response
    }

    private func cachedEntry(tenant: String, key: String) async -> CachedResponse? {
        do {
            return try await governance.cache.entry(tenant: tenant, key: key)
        } catch {
            logger.error("response cache failed: \(error)")
            return nil
        }
    }

    /// Keeps a delivered answer in the exact cache (and the semantic one).
    private func store(_ completion: ChatCompletion, record: CallRecord, cacheKey: String?, vector: [Float]?, route: RouteConfiguration?) async {
        guard let route else { return }
        let body = JSON.object(completion.json).serialized
        if let cacheKey, let settings = route.cache {
            let now = Date()
            let entry = CachedResponse(
                tenant: record.tenant, key: cacheKey, route: route.name, body: body, createdAt: now, expiresAt: now.addingTimeInterval(settings.ttl.inSeconds))
            do { try await governance.cache.put(entry) } catch { logger.error("response cache failed to store: \(error)") }
        }
        if let vector, let semantic = route.semanticCache {
            governance.semantic.store(tenant: record.tenant, route: route.name, vector: vector, body: body, ttl: semantic.ttl, maxEntries: semantic.maxEntries)
        }
    }

    /// The prompt's embedding from the semantic cache's embeddings route; nil when it fails (the
    /// call then goes on without the semantic cache).
    private func embedding(of request: ChatRequest, settings: SemanticCacheSettings) async -> [Float]? {
        guard let route = router.configuration.routes[settings.embeddingsRoute] else { return nil }
        let text = request.texts().map { $0.role + ": " + $0.text }.joined(separator: "\n")
        let body: JSONObject = ["model": .string(route.name), "input": .string(text)]
        guard let served = try? await router.embeddings(body, route: route),
              let json = try? JSON.parse(served.value),
              let numbers = json["data"]?.arrayValue?.first?["embedding"]?.arrayValue
        else { return nil }
        let vector = numbers.compactMap { $0.doubleValue.map(Float.init) }
        return vector.count == numbers.count && !vector.isEmpty ? vector : nil
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
