/// The feedback loop over the review queue (`GET /v1/review/stats`): how often each route
/// escalates against the 10–15 % band, how often reviewers overrule the model and why, and which
/// task types people always end up handling. Computed by `compute(items:callsPerRoute:…)`.
public struct ReviewStatistics: Sendable, Hashable, Codable {
    /// What a number says about the route, prompt or task type it belongs to.
    public enum Flag: String, Sendable, Hashable, Codable, CaseIterable {
        /// Escalation rate below the band: probably rubber-stamping calls that deserve a look.
        case belowBand = "below_band"
        /// Escalation rate in the band (10–15 %, up to 20 % still fine).
        case inBand = "in_band"
        /// Escalation rate above 20 %: reviewers are a bottleneck.
        case aboveBand = "above_band"
        /// Escalation rate above 60 %: the route's thresholds or model need recalibration.
        case recalibrate
        /// Reviewers keep overruling for the same reason: revise the prompt or preprocessing.
        case revisePrompt = "revise_prompt"
        /// Every call of the task type was escalated: do not automate it yet.
        case doNotAutomateYet = "do_not_automate_yet"
    }

    /// The limits behind the flags.
    public struct Thresholds: Sendable, Hashable {
        /// Below this escalation rate: `below_band`.
        public var bandLow: Double
        /// Above this: `above_band` (the band proper ends at 15 %; up to this is still `in_band`).
        public var bandHigh: Double
        /// Above this: `recalibrate`.
        public var recalibrate: Double
        /// A reason flags `revise_prompt` with at least this many overrides on a route…
        public var repeatedReasonCount: Int
        /// …making up at least this share of the route's reviewer decisions.
        public var repeatedReasonShare: Double
        /// A task type flags `do_not_automate_yet` with at least this many calls, all escalated.
        public var alwaysEscalatedMinimumCalls: Int

        /// The seeds' limits unless given.
        public init(
            bandLow: Double = 0.10, bandHigh: Double = 0.20, recalibrate: Double = 0.60, repeatedReasonCount: Int = 3,
            repeatedReasonShare: Double = 0.30, alwaysEscalatedMinimumCalls: Int = 5
        ) {
            self.bandLow = bandLow
            self.bandHigh = bandHigh
            self.recalibrate = recalibrate
            self.repeatedReasonCount = repeatedReasonCount
            self.repeatedReasonShare = repeatedReasonShare
            self.alwaysEscalatedMinimumCalls = alwaysEscalatedMinimumCalls
        }
    }

    /// One route's escalations and reviews.
    public struct Route: Sendable, Hashable, Codable {
        /// The route's name.
        public var route: String
        /// Calls the route answered (from the caller's counters).
        public var calls: Int
        /// Items enqueued because a trigger fired.
        public var escalated: Int
        /// Items enqueued as post-audit samples of auto-approved calls.
        public var sampled: Int
        /// Reviewer decisions on the route's items.
        public var decisions: Int
        /// Decisions that rejected or edited.
        public var overrides: Int
        /// escalated / calls; nil without calls.
        public var escalationRate: Double?
        /// overrides / decisions; nil without decisions.
        public var overrideRate: Double?
        /// The escalation rate against the band; nil without calls.
        public var flag: Flag?
        /// Override reasons on this route, most frequent first.
        public var reasons: [RouteReason]

        enum CodingKeys: String, CodingKey {
            case route, calls, escalated, sampled, decisions, overrides
            case escalationRate = "escalation_rate"
            case overrideRate = "override_rate"
            case flag, reasons
        }
    }

    /// How often one reason code overruled the model on a route.
    public struct RouteReason: Sendable, Hashable, Codable {
        /// The reviewers' reason code.
        public var reason: String
        public var overrides: Int
        /// overrides / the route's decisions.
        public var share: Double
        /// `revise_prompt` when the reason repeats enough; nil otherwise.
        public var flag: Flag?
    }

    /// Overrides grouped by one key (a category, or a reason code across routes).
    public struct Overrides: Sendable, Hashable, Codable {
        /// The category or the reason code.
        public var key: String
        /// Reviewer decisions under this key, and how many of them rejected or edited.
        public var decisions: Int
        public var overrides: Int
        /// overrides / decisions; nil without decisions.
        public var overrideRate: Double?

        enum CodingKeys: String, CodingKey {
            case key, decisions, overrides
            case overrideRate = "override_rate"
        }
    }

    /// One task type's escalations.
    public struct TaskType: Sendable, Hashable, Codable {
        /// The client's task type label.
        public var taskType: String
        /// Calls of the task type (from the caller's counters), and items escalated for it.
        public var calls: Int
        public var escalated: Int
        /// `do_not_automate_yet` when every call (and at least the minimum) escalated.
        public var flag: Flag?

        enum CodingKeys: String, CodingKey {
            case taskType = "task_type"
            case calls, escalated, flag
        }
    }

    /// By route name.
    public var routes: [Route]
    /// Decisions and overrides per item category (items without one are not counted), by category.
    public var categories: [Overrides]
    /// Decisions and overrides per reason code across routes, by reason.
    public var reasons: [Overrides]
    /// By task type.
    public var taskTypes: [TaskType]

    /// Statistics with these parts (`compute` builds them).
    public init(routes: [Route], categories: [Overrides], reasons: [Overrides], taskTypes: [TaskType]) {
        self.routes = routes
        self.categories = categories
        self.reasons = reasons
        self.taskTypes = taskTypes
    }

    enum CodingKeys: String, CodingKey {
        case routes, categories, reasons
        case taskTypes = "task_types"
    }
}
