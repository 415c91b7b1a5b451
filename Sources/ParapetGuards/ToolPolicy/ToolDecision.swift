/// What the tool-call policy decides for one proposed call. Ordered by severity: a decision takes
/// the most severe outcome of its reasons (deny beats review beats allow).
public enum ToolDecisionOutcome: String, Sendable, Hashable, CaseIterable, Comparable {
    /// The call may run.
    case allow
    /// A person must approve the call before it runs.
    case review
    /// The call must not run.
    case deny

    private var severity: Int {
        switch self {
        case .allow: 0
        case .review: 1
        case .deny: 2
        }
    }

    public static func < (lhs: ToolDecisionOutcome, rhs: ToolDecisionOutcome) -> Bool { lhs.severity < rhs.severity }
}

/// The policy's answer for one tool call: the outcome, every rule that did not simply allow it,
/// and the tool's risk attributes for the escalation engine.
public struct ToolDecision: Sendable, Equatable {
    /// The most severe outcome of `reasons`, or `allow` when there are none.
    public var outcome: ToolDecisionOutcome
    /// One entry per failed rule (and per schema violation), in evaluation order: kill switch or
    /// unknown tool, role, arguments, limits, flagged objects, counters, the tool's default; then
    /// what the server added: the permission service's answer, a counter found full at admission.
    public var reasons: [ToolDecisionReason]
    /// The declared risk of the tool; nil for an unknown tool.
    public var risk: ToolRisk?

    /// A decision; `outcome` should be the most severe of `reasons` (the engine guarantees it).
    public init(outcome: ToolDecisionOutcome, reasons: [ToolDecisionReason], risk: ToolRisk?) {
        self.outcome = outcome
        self.reasons = reasons
        self.risk = risk
    }

    /// Adds `reason`; the outcome becomes the more severe of the two.
    public mutating func add(_ reason: ToolDecisionReason) {
        reasons.append(reason)
        outcome = max(outcome, reason.outcome)
    }
}

/// Why a rule did not simply allow a tool call.
public struct ToolDecisionReason: Sendable, Equatable, CustomStringConvertible {
    /// Which kind of rule fired; the raw value is the stable code in API bodies and audit records.
    public enum Code: String, Sendable, Hashable, CaseIterable {
        /// The tool is not declared (the outcome is the policy's `unknownTool`).
        case unknownTool = "unknown_tool"
        /// The kill switch is on for the tool (config `enabled: false` or the engine's
        /// `disabledTools`).
        case toolDisabled = "tool_disabled"
        /// The caller's role is not in the tool's `roles`.
        case roleNotAllowed = "role_not_allowed"
        /// The arguments are not an object, fail the tool's schema, lack a limited argument, or
        /// hold a value a limit cannot compare.
        case invalidArguments = "invalid_arguments"
        /// A numeric argument exceeds the caller's role limit.
        case argumentOverLimit = "argument_over_limit"
        /// An argument names an object on the flagged list, or the permission service flagged it.
        case flaggedObject = "flagged_object"
        /// The permission service gave no usable answer (timeout, connection error, a non-2xx
        /// status, an unreadable body); the outcome is the service's `on_error`.
        case permissionCheckFailed = "permission_check_failed"
        /// A per-user or per-tenant counter has reached its maximum in its window.
        case counterExceeded = "counter_exceeded"
        /// A per-user counter applies but the intent names no user.
        case missingUser = "missing_user"
        /// The tool's `default` outcome is review or deny, whatever the other rules say.
        case toolDefault = "tool_default"
    }

    /// The rule that fired.
    public var code: Code
    /// What this rule alone asks for (deny or review; allow only for an unknown tool under a
    /// permissive `unknownTool`, or a failed permission check under `on_error: allow`).
    public var outcome: ToolDecisionOutcome
    /// A human-readable explanation, with argument values shortened to at most 64 characters.
    public var message: String
    /// The top-level argument the rule is about, when there is one.
    public var argument: String?
    /// The schema violation behind an `invalid_arguments` reason, when it came from the schema.
    public var violation: JSONSchemaViolation?

    /// A reason; the engine builds these, tests compare them.
    public init(
        _ code: Code, _ outcome: ToolDecisionOutcome, _ message: String, argument: String? = nil, violation: JSONSchemaViolation? = nil
    ) {
        self.code = code
        self.outcome = outcome
        self.message = message
        self.argument = argument
        self.violation = violation
    }

    /// `argument_over_limit (review): amount 75 exceeds 50 for role agent`.
    public var description: String { "\(code.rawValue) (\(outcome.rawValue)): \(message)" }
}
