import ParapetCore

/// Decides proposed tool calls against a `ToolPolicy`: kill switch, role, argument schema,
/// per-role argument limits, flagged objects and windowed counters. Evaluation is pure apart from
/// reading counters; counting a call is a separate step: `admit` (check and count in one atomic
/// step, for calls about to run) or `record` (unconditionally, for calls a person approved).
/// A flagged list's permission service is asked outside the engine (`permissionQuery(for:after:)`,
/// `applying(_:of:to:)`). Cheap to copy and safe to share across tasks.
public struct ToolPolicyEngine: Sendable {
    /// Number text in arguments longer than this is `invalid_arguments`: no real amount or id
    /// needs more, and exact decimal comparison of it is not free.
    public static let maxNumberLength = 256
    /// At most this many schema violations become reasons.
    public static let maxSchemaViolations = 8

    /// The rules.
    public let policy: ToolPolicy
    /// Tools switched off at run time (the kill switch); calls to them are denied.
    public let disabledTools: Set<String>
    let counters: any ToolCounterStore

    /// An engine over `policy`, reading and recording counters in `counters`, with the tools in
    /// `disabledTools` switched off (whether or not they are declared).
    public init(policy: ToolPolicy, counters: any ToolCounterStore, disabledTools: Set<String> = []) {
        self.policy = policy
        self.counters = counters
        self.disabledTools = disabledTools
    }

    /// The decision for `intent` at `now`: every rule that does not simply allow the call adds a
    /// reason, and the outcome is the most severe of them (deny beats review beats allow). A
    /// switched-off tool is denied at once; an undeclared tool gets the policy's `unknownTool`.
    /// Reads counters, records nothing.
    public func evaluate(_ intent: ToolCallIntent, now: ContinuousClock.Instant) -> ToolDecision {
        evaluate(intent, argumentsProblem: nil, now: now)
    }

    /// The decision for a call whose arguments text could not be read as JSON (a model's
    /// `tool_calls` entry): as `evaluate`, with one `invalid_arguments` reason saying `problem`
    /// in place of the argument checks. `intent.arguments` is not looked at.
    public func evaluate(_ intent: ToolCallIntent, unreadableArguments problem: String, now: ContinuousClock.Instant) -> ToolDecision {
        evaluate(intent, argumentsProblem: problem, now: now)
    }

    private func evaluate(_ intent: ToolCallIntent, argumentsProblem: String?, now: ContinuousClock.Instant) -> ToolDecision {
        let rule = policy.tools[intent.tool]
        if disabledTools.contains(intent.tool) || rule?.enabled == false {
            let reason = ToolDecisionReason(.toolDisabled, .deny, "\(Self.quoted(intent.tool)) is switched off")
            return ToolDecision(outcome: .deny, reasons: [reason], risk: rule?.risk)
        }
        guard let rule else {
            let outcome = policy.unknownTool
            let reason = ToolDecisionReason(.unknownTool, outcome, "no rules declared for \(Self.quoted(intent.tool)); undeclared tools get \(outcome.rawValue)")
            return ToolDecision(outcome: outcome, reasons: [reason], risk: nil)
        }
        var reasons: [ToolDecisionReason] = []
        if let roles = rule.roles, !roles.contains(intent.role) {
            let allowed = roles.sorted().joined(separator: ", ")
            let message =
                intent.role.isEmpty
                ? "the call names no role; \(rule.name) may be called by \(allowed)"
                : "role \(Self.quoted(intent.role)) may not call \(rule.name) (allowed: \(allowed))"
            reasons.append(ToolDecisionReason(.roleNotAllowed, .deny, message))
        }
        if let argumentsProblem {
            reasons.append(ToolDecisionReason(.invalidArguments, .deny, argumentsProblem))
        } else {
            checkArguments(intent, rule, into: &reasons)
        }
        checkCounters(intent, rule, now: now, into: &reasons)
        if rule.defaultOutcome != .allow {
            reasons.append(ToolDecisionReason(.toolDefault, rule.defaultOutcome, "every call of \(rule.name) gets \(rule.defaultOutcome.rawValue)"))
        }
        var outcome = ToolDecisionOutcome.allow
        for reason in reasons where reason.outcome > outcome { outcome = reason.outcome }
        return ToolDecision(outcome: outcome, reasons: reasons, risk: rule.risk)
    }

    /// Counts `intent` against its tool's counters at `now`, whether or not they have room: for
    /// a call a person approved after review. Calls that run on the engine's word are counted
    /// with `admit`, which cannot overshoot under concurrency. Does nothing for undeclared tools,
    /// and skips per-user counters when the intent names no user.
    public func record(_ intent: ToolCallIntent, now: ContinuousClock.Instant) {
        guard let rule = policy.tools[intent.tool] else { return }
        for counter in rule.counters {
            guard let subject = Self.subject(of: counter, intent) else { continue }
            counters.record(tenant: intent.tenant, counter: counter.storeKey, subject: subject, window: counter.window, now: now)
        }
    }

    private func checkCounters(_ intent: ToolCallIntent, _ rule: ToolRule, now: ContinuousClock.Instant, into reasons: inout [ToolDecisionReason]) {
        for counter in rule.counters {
            guard let subject = Self.subject(of: counter, intent) else {
                reasons.append(ToolDecisionReason(.missingUser, .deny, "\(counter.name) counts calls per user, but the call names no user"))
                continue
            }
            let used = counters.count(tenant: intent.tenant, counter: counter.storeKey, subject: subject, window: counter.window, now: now)
            if used >= counter.max {
                reasons.append(
                    ToolDecisionReason(
                        .counterExceeded, rule.overLimit,
                        "\(counter.name): \(used) calls in the last \(Self.describe(counter.window)), at most \(counter.max) per \(counter.scope.rawValue)"
                    ))
            }
        }
    }

    static func subject(of counter: ToolCounterRule, _ intent: ToolCallIntent) -> String? {
        switch counter.scope {
        case .user:
            guard let user = intent.user, !user.isEmpty else { return nil }
            return user
        case .tenant:
            return intent.tenant
        }
    }

    /// `86400 s` as `24 h`, `90 s` as `90 s`.
    static func describe(_ window: Duration) -> String {
        let seconds = window.components.seconds
        if seconds % 86_400 == 0 { return "\(seconds / 86_400 * 24) h" }
        if seconds % 3_600 == 0 { return "\(seconds / 3_600) h" }
        if seconds % 60 == 0 { return "\(seconds / 60) min" }
        return "\(seconds) s"
    }

    /// A name from the request, quoted and shortened to at most 64 Unicode scalars.
    static func quoted(_ text: String) -> String {
        "\"" + shortened(text) + "\""
    }

    static func shortened(_ text: String, to limit: Int = 64) -> String {
        guard text.utf8.count > limit else { return text }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: text.unicodeScalars.prefix(limit - 1))
        return String(out) + "…"
    }

    /// An argument value for a message: scalars shortened, containers by kind.
    static func excerpt(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool(let flag): String(flag)
        case .number(let text): shortened(text)
        case .string(let text): quoted(text)
        case .array: "an array"
        case .object: "an object"
        }
    }
}
