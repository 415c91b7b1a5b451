import ParapetCore
import ParapetGateway
import ParapetGuards

/// The tool-call policy in the server, shared by `POST /v1/guard/tool` and the gateway: the
/// `tools:` section, the counters (in this process, per tenant) and the permission-service
/// client. A decision is made in up to three steps: the engine's local rules (synchronous,
/// microseconds), the permission service when a flagged list has one and the local rules leave
/// the call open (async, within its deadline), then — for calls about to run — an atomic
/// admission against the counters.
struct ToolStage: Sendable {
    /// The `tools:` section; nil when `parapet.yaml` has none, and then every tool is denied.
    let policy: ToolPolicy?
    let counters: any ToolCounterStore
    let permissions: any ToolPermissionChecking

    /// A stage over `policy` with fresh in-memory counters; the HTTP permission client is
    /// created only when some tool has a permission service.
    init(policy: ToolPolicy?, counters: any ToolCounterStore = InMemoryToolCounterStore(), permissions: (any ToolPermissionChecking)? = nil) {
        self.policy = policy
        self.counters = counters
        let needsClient = policy?.tools.values.contains { $0.flagged?.service != nil } ?? false
        self.permissions = permissions ?? (needsClient ? ToolPermissionClient() : NoPermissionService())
    }

    /// One proposed call: the intent, or why its arguments text could not be read.
    struct Call: Sendable {
        var intent: ToolCallIntent
        /// Set when the arguments are not JSON; `intent.arguments` is then null.
        var argumentsProblem: String?
    }

    /// The engine for one tenant's kill switches.
    func engine(disabled: Set<String>) -> ToolPolicyEngine {
        ToolPolicyEngine(policy: policy ?? ToolPolicy(), counters: counters, disabledTools: disabled)
    }

    /// Local rules for every call, then the permission services the local rules leave open,
    /// asked concurrently (so the calls of one answer wait one deadline at most). Counts nothing.
    func evaluate(_ calls: [Call], engine: ToolPolicyEngine, now: ContinuousClock.Instant) async -> [ToolDecision] {
        var decisions = calls.map { call in
            var decision =
                call.argumentsProblem.map { engine.evaluate(call.intent, unreadableArguments: $0, now: now) } ?? engine.evaluate(call.intent, now: now)
            if policy == nil { Self.explainMissingSection(&decision) }
            return decision
        }
        let queries = calls.indices.compactMap { index in engine.permissionQuery(for: calls[index].intent, after: decisions[index]).map { (index, $0) } }
        if queries.count == 1, let (index, query) = queries.first {
            decisions[index] = engine.applying(await permissions.check(query), of: query, to: decisions[index])
        } else if !queries.isEmpty {
            let permissions = self.permissions
            let answers = await withTaskGroup(of: (Int, ToolPermissionAnswer).self) { group in
                for (index, query) in queries { group.addTask { (index, await permissions.check(query)) } }
                var answers: [Int: ToolPermissionAnswer] = [:]
                for await (index, answer) in group { answers[index] = answer }
                return answers
            }
            for (index, query) in queries {
                if let answer = answers[index] { decisions[index] = engine.applying(answer, of: query, to: decisions[index]) }
            }
        }
        return decisions
    }

    /// One call, as `POST /v1/guard/tool` decides it: evaluated, and when `record` and allowed,
    /// admitted atomically (a counter that filled up meanwhile turns it into
    /// `counter_exceeded`). `admittedAt` is set when the call was counted against at least one
    /// counter (pass it to `release` to take the count back).
    func decide(_ intent: ToolCallIntent, disabled: Set<String>, record: Bool) async -> (decision: ToolDecision, admittedAt: ContinuousClock.Instant?) {
        let engine = engine(disabled: disabled)
        var decision = await evaluate([Call(intent: intent)], engine: engine, now: .now)[0]
        guard record, decision.outcome == .allow else { return (decision, nil) }
        let now = ContinuousClock.now
        decision = engine.admit(intent, decision, now: now)
        let counters = policy?.tools[intent.tool]?.counters.isEmpty == false
        return (decision, counters && decision.outcome == .allow ? now : nil)
    }

    /// Takes back the count of a call `decide` admitted at `admittedAt`.
    func release(_ intent: ToolCallIntent, admittedAt: ContinuousClock.Instant) {
        engine(disabled: []).release([intent], admittedAt: admittedAt)
    }

    /// Every tool call of `completion`, decided; nil when there is none. When every call is
    /// allowed, all of them are admitted against the counters in one atomic step (calls of the
    /// same tool add up); if a counter has no room left for them, that call gets
    /// `counter_exceeded` and nothing is counted.
    func check(_ completion: ChatCompletion, tenant: String, user: String?, role: String?, disabled: Set<String>) async -> ToolCheck? {
        var calls: [Call] = []
        var places: [(choice: Int, callID: String?)] = []
        for choice in completion.choices {
            for call in choice.toolCalls {
                let arguments = Self.parseArguments(call.arguments)
                let intent = ToolCallIntent(tool: call.name, arguments: arguments.json ?? .null, role: role ?? "", user: user, tenant: tenant)
                calls.append(Call(intent: intent, argumentsProblem: arguments.problem))
                places.append((choice.index, call.id.isEmpty ? nil : call.id))
            }
        }
        guard !calls.isEmpty else { return nil }
        let engine = engine(disabled: disabled)
        var decisions = await evaluate(calls, engine: engine, now: .now)
        var admittedAt: ContinuousClock.Instant?
        if decisions.allSatisfy({ $0.outcome == .allow }) {
            let now = ContinuousClock.now
            switch engine.admit(calls.map(\.intent), now: now) {
            case .admitted: admittedAt = now
            case .refused(let index, let reason): decisions[index].add(reason)
            }
        }
        let entries = calls.indices.map { index in
            ToolCheck.Entry(choiceIndex: places[index].choice, callID: places[index].callID, tool: calls[index].intent.tool, decision: decisions[index])
        }
        return ToolCheck(entries: entries, intents: calls.map(\.intent), admittedAt: admittedAt)
    }

    /// A model's arguments text as JSON, or why it is not: empty text is `{}` (some providers
    /// send nothing for a call without parameters).
    static func parseArguments(_ text: String) -> (json: JSON?, problem: String?) {
        guard !text.isEmpty else { return (.object([:]), nil) }
        do {
            return (try JSON.parse(Array(text.utf8)), nil)
        } catch {
            return (nil, "the arguments are not valid JSON (\(error))")
        }
    }

    /// Without a `tools:` section every tool is undeclared; say so instead of "no rules declared".
    static func explainMissingSection(_ decision: inout ToolDecision) {
        for index in decision.reasons.indices where decision.reasons[index].code == .unknownTool {
            decision.reasons[index].message = "no tools are configured (parapet.yaml has no tools: section), so every tool call gets deny"
        }
    }

    /// Stands in for the HTTP client when no tool has a permission service (never asked).
    private struct NoPermissionService: ToolPermissionChecking {
        func check(_ query: ToolPermissionQuery) async -> ToolPermissionAnswer {
            .failed(.unreachable("no permission client is configured"))
        }
    }
}

/// What the tool policy decided about every tool call in an answer.
struct ToolCheck: Sendable {
    /// One tool call and its decision.
    struct Entry: Sendable {
        var choiceIndex: Int
        var callID: String?
        var tool: String
        var decision: ToolDecision
    }

    var entries: [Entry]
    /// The most severe: deny > review > allow.
    var outcome: ToolDecisionOutcome
    /// A JSON array for the audit record and the review item:
    /// `[{"tool","call_id","choice_index","outcome","reasons":[{"code","outcome","message","argument"?}],"risk"}]`.
    var json: [UInt8]
    /// One-line reasons for humans (`refund_order: amount 80 exceeds 50 for role agent`).
    var summary: String
    /// The calls, in `entries` order (for counting them later).
    var intents: [ToolCallIntent]
    /// When the calls were admitted against the counters; nil when they were not (the answer
    /// is not allowed as it stands).
    var admittedAt: ContinuousClock.Instant?

    init(entries: [Entry], intents: [ToolCallIntent], admittedAt: ContinuousClock.Instant?) {
        self.entries = entries
        self.intents = intents
        self.admittedAt = admittedAt
        outcome = entries.map(\.decision.outcome).max() ?? .allow
        var json = JSONWriter(capacity: 128 * entries.count)
        json.byte(UInt8(ascii: "["))
        for (index, entry) in entries.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"tool\":")
            json.string(entry.tool)
            json.key("call_id")
            json.string(entry.callID)
            json.key("choice_index")
            json.int(entry.choiceIndex)
            json.key("outcome")
            json.string(entry.decision.outcome.rawValue)
            json.key("reasons")
            entry.decision.writeReasons(to: &json)
            json.key("risk")
            entry.decision.writeRisk(to: &json)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        self.json = json.bytes
        summary = entries.map { entry in
            guard !entry.decision.reasons.isEmpty else { return "\(entry.tool): allowed" }
            return entry.decision.reasons.map { "\(entry.tool): \($0.message)" }.joined(separator: "; ")
        }.joined(separator: "; ")
    }

    /// The client's error for an answer the tool policy denies (400 `guardrail_blocked`, code
    /// `tool_call_denied`, the reasons in the message), naming the first denied call.
    var refusal: APIError {
        let denied = entries.firstIndex { $0.decision.outcome == .deny }
        let param = denied.map { "choices[\(entries[$0].choiceIndex)].message.tool_calls" }
        return .gateway(
            .badRequest, type: "guardrail_blocked", "the model's answer calls tools the tool policy denies: \(summary)", param: param,
            code: "tool_call_denied")
    }
}

extension GatewayService {
    /// What the tool policy decides about every tool call in `completion`; nil when it has none.
    /// Uses `record.tenant`, `record.user`, `record.role` (header `x-parapet-role`; without it a
    /// tool with `roles` is denied with `role_not_allowed` saying the call names no role) and the
    /// tenant's tool kill switches. Local rules, then permission services (concurrently, each
    /// within its deadline).
    ///
    /// Counting is atomic and happens here: when every call is allowed, all of them are admitted
    /// against their counters in one step (`ToolCheck.admittedAt`), so concurrent answers cannot
    /// overshoot a counter; when a counter has no room, that call gets `counter_exceeded` (with
    /// the tool's `over_limit` outcome) and nothing is counted. An answer that is then not
    /// delivered after all (blocked or held by a later stage) should give the counts back with
    /// `releaseTools`.
    func checkTools(_ completion: ChatCompletion, record: CallRecord, switches: SwitchBoard.Switches) async -> ToolCheck? {
        await tools.check(completion, tenant: record.tenant, user: record.user, role: record.role, disabled: switches.tools)
    }

    /// Counts the calls of an answer that `checkTools` did not count already. Allowed answers
    /// were admitted by `checkTools`, so this does nothing for them (nor for denied ones); the
    /// calls of an answer whose check said review — held for a person, or delivered because the
    /// escalation engine let it through — are recorded now, without a limit check.
    func recordTools(_ check: ToolCheck, record: CallRecord) async {
        guard check.admittedAt == nil, check.outcome != .deny else { return }
        let engine = tools.engine(disabled: [])
        let now = ContinuousClock.now
        for intent in check.intents { engine.record(intent, now: now) }
    }

    /// Gives back what `checkTools` counted for an answer that is not delivered after all.
    func releaseTools(_ check: ToolCheck, record: CallRecord) async {
        guard let admittedAt = check.admittedAt else { return }
        tools.engine(disabled: []).release(check.intents, admittedAt: admittedAt)
    }
}
