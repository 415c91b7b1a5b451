import ParapetCore

/// What the escalation engine looks at: one model answer (or agent step) and what the gateway
/// knows about it. Nothing here is stored by the engine except through `EscalationMemory`.
public struct EscalationInput: Sendable, Equatable {
    /// A tool call the model asked for.
    public struct ToolCall: Sendable, Equatable {
        /// The tool's name as the model spelled it.
        public var name: String
        /// The parsed arguments (an object for well-formed calls; anything else is looked into as it is).
        public var arguments: JSON

        /// A call of `name` with `arguments`.
        public init(name: String, arguments: JSON) {
            self.name = name
            self.arguments = arguments
        }
    }

    /// A stage outside the engine that decided the call needs a person: it fires as a trigger of
    /// its kind (`quality_gate`, `tool_policy`) with its detail.
    public struct Gate: Sendable, Equatable {
        /// `qualityGate` or `toolPolicy` (other kinds are accepted and recorded as given).
        public var kind: TriggerKind
        /// Why, for people; names configured values and numbers only, never content.
        public var detail: String
        /// Where it sorts among the fired triggers (default 80: above most configured ones).
        public var priority: Int

        /// A gate of `kind` with `detail`.
        public init(kind: TriggerKind, detail: String, priority: Int = 80) {
            self.kind = kind
            self.detail = detail
            self.priority = priority
        }
    }

    /// The tenant of the calling key: memory is scoped by it.
    public var tenant: String
    /// The gateway route that answered.
    public var route: String
    /// The end user the client named (`x-parapet-user`), if any: needed by `first_time_task`.
    public var user: String?
    /// The client's label for the kind of task (`refund`, `address_change`): needed by `first_time_task`.
    public var taskType: String?
    /// What the decision is about (an order, an account): needed by `contradiction`.
    public var subject: String?
    /// The calibrated confidence of the answer in 0…1, if the route computes one.
    public var confidence: Double?
    /// Completion tokens of the answer, if known.
    public var outputTokens: Int?
    /// Taxonomy categories the guards found (`pii.email`, `output.ungrounded`).
    public var categories: [String]
    /// The answer parsed as JSON, when it is JSON.
    public var answer: JSON?
    /// The tool calls in the answer, in order.
    public var toolCalls: [ToolCall]
    /// Stages that already decided a person must look (each fires as a trigger).
    public var gates: [Gate]

    /// An input; everything but tenant and route is optional, and a trigger missing what it
    /// needs does not fire.
    public init(
        tenant: String, route: String, user: String? = nil, taskType: String? = nil, subject: String? = nil, confidence: Double? = nil,
        outputTokens: Int? = nil, categories: [String] = [], answer: JSON? = nil, toolCalls: [ToolCall] = [],
        gates: [Gate] = []
    ) {
        self.tenant = tenant
        self.route = route
        self.user = user
        self.taskType = taskType
        self.subject = subject
        self.confidence = confidence
        self.outputTokens = outputTokens
        self.categories = categories
        self.answer = answer
        self.toolCalls = toolCalls
        self.gates = gates
    }

    /// Every value at `path` (a `JSONFieldPath`) in the answer and then in each tool call's
    /// arguments, in that order.
    func values(at path: JSONFieldPath) -> [JSON] {
        var found: [JSON] = []
        if let answer, let value = path.value(in: answer) { found.append(value) }
        for call in toolCalls {
            if let value = path.value(in: call.arguments) { found.append(value) }
        }
        return found
    }
}
