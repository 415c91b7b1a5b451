import Foundation
import ParapetConfidence
import ParapetCore
import ParapetGateway
import ParapetGuards

/// The output-quality stages of a non-streamed call, between the upstream answer and the output
/// guard: schema validation with repairs and re-asks, the grounding check, and the confidence
/// gate. Every upstream call they make (re-asks, judges) goes through the router, with its
/// retries, breakers and deadlines.
extension GatewayService {
    /// What the quality stages need to know about the request.
    struct QualityContext: Sendable {
        var requirements = OutputRequirements()
        /// The retrieved context of a RAG request (`parapet_sources`, else system and tool messages).
        var sources: [String] = []
        /// Whether the client asked for logprobs itself (otherwise they are removed before delivery).
        var clientWantsLogprobs = true
    }

    /// Reads the request's schemas and sources and asks the upstream for logprobs when the
    /// confidence signal needs them. Throws 400 for a schema that does not compile or malformed
    /// `parapet_sources`.
    func prepareQuality(_ request: inout ChatRequest, route: RouteConfiguration) throws -> QualityContext {
        var context = QualityContext()
        do {
            context.requirements = try OutputRequirements.of(request, settings: route.validation, cache: schemas)
            context.sources = try GroundingSources.take(from: &request)
        } catch {
            throw APIError.invalidRequest(error.message, param: error.param, code: "invalid_value")
        }
        if let confidence = route.confidence, confidence.needsLogprobs {
            context.clientWantsLogprobs = request.logprobs == true
            if !context.clientWantsLogprobs { request.json["logprobs"] = .bool(true) }
            if confidence.signal == .answerToken, (request.json["top_logprobs"]?.intValue ?? 0) < 5 {
                request.json["top_logprobs"] = .number(5)
            }
        }
        return context
    }

    /// Validates the answer, repairs it, and re-asks the model with the errors while attempts
    /// remain. Returns the problems left (empty: the answer in `served` is valid). Every answer's
    /// outcome goes to its target's breaker: a schema failure is a quality failure.
    func validate(
        _ served: inout Served<ChatCompletion>, request: ChatRequest, route: RouteConfiguration, requirements: OutputRequirements,
        record: inout CallRecord, usage: inout Usage?, excluded: Set<String>, outcomePending: Bool
    ) async -> [OutputProblem] {
        var note = QualityNote.Validation()
        defer { record.quality.validation = note }
        var report = OutputValidation.check(&served.value, requirements: requirements, repair: route.validation.repair)
        if outcomePending || !report.isValid {
            router.recordOutcome(report.isValid ? .success : .qualityFailure, target: served.target)
        }
        note.checked = report.checked
        note.repairs = report.repairs
        var conversation = request
        while !report.isValid, note.reasks < route.validation.maxReasks {
            note.reasks += 1
            conversation = Self.reask(conversation, problems: report.problems)
            let next: Served<ChatCompletion>
            do {
                next = try await router.complete(conversation, route: route, excluding: excluded, deferSuccess: true)
            } catch {
                record.history += error.history
                break
            }
            record.history += next.history
            usage = Self.sum(usage, next.value.usage)
            served.value = next.value
            served.target = next.target
            report = OutputValidation.check(&served.value, requirements: requirements, repair: route.validation.repair)
            router.recordOutcome(report.isValid ? .success : .qualityFailure, target: next.target)
            note.checked += report.checked
            note.repairs += report.repairs
        }
        if report.isValid {
            note.outcome = note.reasks > 0 ? "reasked" : (note.repairs.isEmpty ? "valid" : "repaired")
        } else {
            note.outcome = "invalid"
            note.errors = report.problems.flatMap { problem in problem.errors.prefix(8).map { problem.location + ": " + $0 } }
        }
        return report.problems
    }

    /// The conversation so far plus the model's invalid answer and a message naming what was wrong.
    static func reask(_ request: ChatRequest, problems: [OutputProblem]) -> ChatRequest {
        var request = request
        var messages = request.messages
        if let content = problems.first(where: { $0.tool == nil }) {
            messages.append(.object(["role": "assistant", "content": .string(content.text)]))
        }
        messages.append(.object(["role": "user", "content": .string(OutputValidation.reaskMessage(for: problems))]))
        request.json["messages"] = .array(messages)
        return request
    }

    /// The refusal of an answer that stayed invalid: 422 `invalid_output` naming the errors.
    static func invalidOutput(_ problems: [OutputProblem]) -> APIError {
        let details = problems.prefix(4).map { problem in
            problem.location + ": " + problem.errors.prefix(4).joined(separator: "; ")
        }
        return .gateway(
            .unprocessableContent, type: "invalid_output",
            "the model's answer does not satisfy the requested schema after repairs and re-asks: " + details.joined(separator: " | "),
            param: problems.first?.location, code: "schema_validation_failed")
    }

    /// The grounding check: `output.ungrounded` findings join the output verdict (blocking when
    /// the route says so); borderline answers are graded by the judge route when one is set.
    /// Returns the tier the answer must at most land in (`review` for action review).
    func checkGrounding(
        _ completion: ChatCompletion, context: QualityContext, settings: GroundingSettings, request: ChatRequest, record: inout CallRecord,
        output: inout GuardVerdict
    ) async -> ConfidenceTier {
        guard !context.sources.isEmpty, let choice = completion.choices.first, let answer = choice.content, !answer.isEmpty else { return .deliver }
        var configuration = GroundingConfiguration()
        configuration.supportThreshold = settings.sentenceThreshold
        let report = GroundingChecker(configuration: configuration).check(answer: answer, sources: context.sources)
        var grounded = report.score >= settings.minimumScore
        var judged: Double?
        if report.isBorderline || !grounded, let judgeRoute = settings.judgeRoute {
            judged = await judge(route: judgeRoute, request: request, answer: answer, sources: context.sources)
            if let judged { grounded = judged >= settings.minimumScore }
        }
        record.quality.grounding = .init(
            score: report.score, sentences: report.sentences.count, unsupported: report.unsupported.count, borderline: report.isBorderline,
            judge: judged, grounded: grounded)
        guard !grounded else { return .deliver }
        let action: Action = settings.action == .block ? .block : .allow
        for finding in report.findings(detector: DetectorID(name: "grounding", version: 1)) {
            output.items.append(.init(finding: finding, action: action, direction: .output, messageIndex: nil, choiceIndex: choice.index))
        }
        if action == .block { output.action = .block }
        return settings.action == .review ? .review : .deliver
    }

    /// The confidence of the answer under the route's signal, calibrated, with its tier. A route
    /// whose signal needs logprobs falls back to its judge when the answer has none.
    func assessConfidence(_ completion: ChatCompletion, request: ChatRequest, context: QualityContext, settings: ConfidenceSettings, record: inout CallRecord) async -> ConfidenceAssessment {
        var raw = ConfidenceGate.logprobScore(completion, settings: settings)
        var signal: ConfidenceSignal? = settings.signal
        var missing: String?
        if raw == nil {
            missing = settings.signal == .judge ? nil : "the answer has no usable logprobs"
            if let judgeRoute = settings.judgeRoute, let answer = completion.choices.first.flatMap({ Self.answerText($0) }) {
                raw = await judge(route: judgeRoute, request: request, answer: answer, sources: context.sources)
                record.quality.judgeScore = raw
                signal = .judge
                if raw == nil { missing = "the judge gave no grade" }
            }
        }
        return ConfidenceGate.assess(raw: raw, signal: signal, completion: completion, settings: settings, at: Date(), missing: missing)
    }

    /// The answer as text for a judge: the content, or the tool calls spelled out.
    static func answerText(_ choice: ChatCompletion.Choice) -> String? {
        if let content = choice.content, !content.isEmpty { return content }
        let calls = choice.toolCalls.map { "call \($0.name)(\($0.arguments))" }
        return calls.isEmpty ? nil : calls.joined(separator: "\n")
    }

    /// A grade in 0…1 from the judge route's model; nil when the call fails or the grade cannot
    /// be read. The judge sees the last user message, the answer and the sources.
    func judge(route name: String, request: ChatRequest, answer: String, sources: [String]) async -> Double? {
        guard let route = router.configuration.routes[name] else { return nil }
        let question = request.texts().last { $0.role == "user" }?.text ?? ""
        let messages = SelfCheckJudge.messages(question: question, answer: answer, sources: sources).map { message -> JSON in
            .object(["role": .string(message.role), "content": .string(message.content)])
        }
        let body: JSONObject = ["model": .string(name), "messages": .array(messages), "temperature": .number(0), "max_tokens": .number(64)]
        guard let judgeRequest = try? ChatRequest(validating: body),
              let served = try? await router.complete(judgeRequest, route: route),
              let text = served.value.choices.first?.content
        else { return nil }
        return SelfCheckJudge.parseScore(text)
    }

    /// The abstention answer: the route's fallback route when it has one and it answers, else the
    /// configured reply, marked as such.
    func abstain(request: ChatRequest, settings: ConfidenceSettings, record: inout CallRecord) async -> ChatCompletion? {
        if let name = settings.abstainRoute, let route = router.configuration.routes[name] {
            var fallback = request
            fallback.setModel(name)
            if let served = try? await router.complete(fallback, route: route) {
                record.quality.abstainedTo = name
                return served.value
            }
        }
        record.quality.abstainedTo = "reply"
        return CachedAnswer.staticReply(settings.abstainReply, model: record.modelRequested, requestID: record.requestID)
    }

    /// Removes logprobs the gateway asked for on the client's behalf.
    static func stripLogprobs(_ completion: inout ChatCompletion) {
        for index in completion.choices.indices { completion.setLogprobs(choice: index, nil) }
    }

    static func sum(_ a: Usage?, _ b: Usage?) -> Usage? {
        guard let a else { return b }
        guard let b else { return a }
        return a.adding(b)
    }
}
