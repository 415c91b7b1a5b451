import ParapetStore

/// A dimension of the risk matrix. Each is scored 0 (none) … 3 (severe) for a call.
public enum RiskDimension: String, Sendable, Hashable, Codable, CaseIterable {
    /// How hard the action is to undo.
    case irreversibility
    /// How many people or records an error would reach.
    case blastRadius = "blast_radius"
    /// Regulatory or contractual exposure (personal data, finance, health).
    case compliance
    /// How unsure the model is.
    case confidence
}

/// The scores of one call on each dimension, 0…3.
public struct RiskScores: Sendable, Hashable, Codable {
    /// One score per dimension, 0…3.
    public var irreversibility: Int
    public var blastRadius: Int
    public var compliance: Int
    public var confidence: Int

    /// Scores, 0 unless given.
    public init(irreversibility: Int = 0, blastRadius: Int = 0, compliance: Int = 0, confidence: Int = 0) {
        self.irreversibility = irreversibility
        self.blastRadius = blastRadius
        self.compliance = compliance
        self.confidence = confidence
    }

    /// The sum over the four dimensions, 0…12: what the level is read from.
    public var total: Int { irreversibility + blastRadius + compliance + confidence }

    /// The score of one dimension.
    public subscript(dimension: RiskDimension) -> Int {
        get {
            switch dimension {
            case .irreversibility: irreversibility
            case .blastRadius: blastRadius
            case .compliance: compliance
            case .confidence: confidence
            }
        }
        set {
            switch dimension {
            case .irreversibility: irreversibility = newValue
            case .blastRadius: blastRadius = newValue
            case .compliance: compliance = newValue
            case .confidence: confidence = newValue
            }
        }
    }

    enum CodingKeys: String, CodingKey {
        case irreversibility
        case blastRadius = "blast_radius"
        case compliance
        case confidence
    }
}

/// The risk matrix of a route: how each dimension is scored from a call, and how the sum of the
/// scores maps to a level.
///
/// **Level rule (sum).** The four scores are added (0…12) and compared with the cut-offs:
/// `total ≥ critical` → critical, `≥ high` → high, `≥ medium` → medium, else low. With the
/// defaults (3, 4, 6) no single dimension can reach high on its own; a severe irreversible action
/// with a wide blast radius (3 + 3) is critical; an irreversible refund (2) at good confidence is low.
public struct RiskMatrix: Sendable, Hashable {
    /// How a dimension is scored from the tools a call uses and the categories found in it.
    public struct ToolAndCategoryRule: Sendable, Hashable {
        /// The score when the call uses no listed tool and has no listed category.
        public var defaultScore: Int
        /// Scores by tool name.
        public var tools: [String: Int]
        /// Scores by category pattern, in the order written.
        public var categories: [(pattern: CategoryPattern, score: Int)]

        /// A rule scoring `defaultScore` unless the call uses a listed tool or has a listed category.
        public init(defaultScore: Int = 0, tools: [String: Int] = [:], categories: [(pattern: CategoryPattern, score: Int)] = []) {
            self.defaultScore = defaultScore
            self.tools = tools
            self.categories = categories
        }

        /// The highest score among the called tools and found categories this rule lists;
        /// `defaultScore` when it lists none of them.
        public func score(tools called: [String], categories found: [String]) -> Int {
            var best: Int?
            for name in called {
                if let score = tools[name] { best = max(best ?? score, score) }
            }
            for category in found {
                for entry in categories where entry.pattern.matches(category) {
                    best = max(best ?? entry.score, entry.score)
                }
            }
            return best ?? defaultScore
        }

        public static func == (lhs: Self, rhs: Self) -> Bool {
            lhs.defaultScore == rhs.defaultScore && lhs.tools == rhs.tools
                && lhs.categories.map(\.pattern) == rhs.categories.map(\.pattern)
                && lhs.categories.map(\.score) == rhs.categories.map(\.score)
        }

        public func hash(into hasher: inout Hasher) {
            hasher.combine(defaultScore)
            hasher.combine(tools)
            for entry in categories {
                hasher.combine(entry.pattern)
                hasher.combine(entry.score)
            }
        }
    }

    /// How the confidence dimension is scored: the highest score whose bound the confidence is
    /// below (`below: [[0.5, 3], [0.7, 2], [0.85, 1]]` gives 0.6 a 2 and 0.9 a 0).
    public struct ConfidenceRule: Sendable, Hashable {
        /// (bound, score) pairs in the order written.
        public var below: [Bound]
        /// The score when the call has no confidence.
        public var missing: Int

        /// One `[bound, score]` pair.
        public struct Bound: Sendable, Hashable {
            /// The confidence the score applies below, and the score (0…3).
            public var bound: Double
            public var score: Int
            /// A pair: below `bound`, at least `score`.
            public init(_ bound: Double, _ score: Int) {
                self.bound = bound
                self.score = score
            }
        }

        /// A rule with these bounds, scoring `missing` without a confidence.
        public init(below: [Bound] = [], missing: Int = 0) {
            self.below = below
            self.missing = missing
        }

        /// The score of `confidence` (nil: `missing`).
        public func score(_ confidence: Double?) -> Int {
            guard let confidence else { return missing }
            return below.filter { confidence < $0.bound }.map(\.score).max() ?? 0
        }
    }

    /// The sum cut-offs of the levels above low.
    public struct Levels: Sendable, Hashable {
        /// The lowest total of each level (medium ≤ high ≤ critical, each 1…12).
        public var medium: Int
        public var high: Int
        public var critical: Int

        /// Cut-offs, the defaults (3, 4, 6) unless given.
        public init(medium: Int = 3, high: Int = 4, critical: Int = 6) {
            self.medium = medium
            self.high = high
            self.critical = critical
        }

        /// The level of a total score.
        public func level(total: Int) -> RiskLevel {
            if total >= critical { return .critical }
            if total >= high { return .high }
            if total >= medium { return .medium }
            return .low
        }
    }

    /// How each dimension is scored, and the level cut-offs of the sum.
    public var irreversibility: ToolAndCategoryRule
    public var blastRadius: ToolAndCategoryRule
    public var compliance: ToolAndCategoryRule
    public var confidence: ConfidenceRule
    public var levels: Levels
    /// The priority of the `risk_matrix` fired trigger.
    public var triggerPriority: Int

    /// An empty matrix scores every call 0 (low).
    public init(
        irreversibility: ToolAndCategoryRule = .init(), blastRadius: ToolAndCategoryRule = .init(),
        compliance: ToolAndCategoryRule = .init(), confidence: ConfidenceRule = .init(), levels: Levels = .init(),
        triggerPriority: Int = 100
    ) {
        self.irreversibility = irreversibility
        self.blastRadius = blastRadius
        self.compliance = compliance
        self.confidence = confidence
        self.levels = levels
        self.triggerPriority = triggerPriority
    }

    /// The scores of `input`, each raised to at least the contribution of the fired triggers.
    public func scores(of input: EscalationInput, contributions: [RiskDimension: Int] = [:]) -> RiskScores {
        let tools = input.toolCalls.map(\.name)
        var scores = RiskScores(
            irreversibility: irreversibility.score(tools: tools, categories: input.categories),
            blastRadius: blastRadius.score(tools: tools, categories: input.categories),
            compliance: compliance.score(tools: tools, categories: input.categories),
            confidence: confidence.score(input.confidence))
        for (dimension, score) in contributions {
            scores[dimension] = max(scores[dimension], score)
        }
        return scores
    }
}
