import Foundation
import ParapetConfidence
import ParapetCore

/// What a route does with answers that must be JSON: `response_format: json_schema` content and
/// tool-call arguments are validated against their schemas, repaired deterministically, re-asked,
/// and otherwise refused with `invalid_output`.
public struct ValidationSettings: Sendable, Hashable {
    /// Off: answers are passed on as they come (the breaker's JSON quality check still runs).
    public var enabled = true
    /// Deterministic repairs (markdown fences, trailing commas, smart quotes, truncation).
    public var repair = true
    /// How many times the model is asked again with the validation errors, 0…5.
    public var maxReasks = 1
    /// Whether tool-call arguments are validated against the tool's `parameters` schema.
    public var toolArguments = true

    public init() {}
}

/// Where a route's answers land by calibrated confidence: at or above `auto` they are
/// delivered, below `reject` the route abstains, in between a person reviews.
public struct ConfidenceThresholds: Sendable, Hashable {
    public var auto: Double
    public var reject: Double

    public init(auto: Double, reject: Double) {
        self.auto = auto
        self.reject = reject
    }
}

/// The three tiers of an answer.
public enum ConfidenceTier: String, Sendable, Hashable, CaseIterable, Comparable {
    /// Below the reject threshold: the route's abstention answer.
    case abstain
    /// Between the thresholds: a person decides.
    case review
    /// At or above the auto threshold: delivered.
    case deliver

    public static func < (a: ConfidenceTier, b: ConfidenceTier) -> Bool {
        a.rank < b.rank
    }

    private var rank: Int {
        switch self {
        case .abstain: 0
        case .review: 1
        case .deliver: 2
        }
    }
}

/// Stricter (or looser) thresholds while a window is open, e.g. the last days of a month. Every
/// criterion that is set must hold; times are UTC.
public struct ThresholdWindow: Sendable, Hashable {
    public var name: String
    /// Days of the month (1…31).
    public var daysOfMonth: Set<Int> = []
    /// The last N days of every month (the last day is 1).
    public var lastDaysOfMonth = 0
    /// ISO weekdays, 1 = Monday … 7 = Sunday.
    public var weekdays: Set<Int> = []
    /// Hours of the day, start inclusive, end exclusive (0…24); nil: all day.
    public var hours: Range<Int>?
    public var thresholds: ConfidenceThresholds

    public init(name: String, thresholds: ConfidenceThresholds) {
        self.name = name
        self.thresholds = thresholds
    }

    /// Whether the window is open at `date`.
    public func contains(_ date: Date) -> Bool {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC") ?? calendar.timeZone
        let parts = calendar.dateComponents([.day, .weekday, .hour], from: date)
        guard let day = parts.day, let weekday = parts.weekday, let hour = parts.hour else { return false }
        if !daysOfMonth.isEmpty, !daysOfMonth.contains(day) { return false }
        if lastDaysOfMonth > 0 {
            let length = calendar.range(of: .day, in: .month, for: date)?.count ?? 31
            if day <= length - lastDaysOfMonth { return false }
        }
        // Foundation counts 1 = Sunday; ISO counts 1 = Monday.
        if !weekdays.isEmpty, !weekdays.contains(weekday == 1 ? 7 : weekday - 1) { return false }
        if let hours, !hours.contains(hour) { return false }
        return true
    }
}

/// Thresholds for one field of a JSON answer, whose confidence comes from the tokens of its value.
public struct FieldThreshold: Sendable, Hashable {
    /// Dotted path into the answer (`decision`, `refund.amount`, `items.0.sku`).
    public var path: String
    public var thresholds: ConfidenceThresholds

    public init(path: String, thresholds: ConfidenceThresholds) {
        self.path = path
        self.thresholds = thresholds
    }
}

/// A route's confidence gate.
public struct ConfidenceSettings: Sendable, Hashable {
    /// The raw score: a logprob summary, the probability of an answer token, or a judge's grade.
    public var signal: ConfidenceSignal = .geometricMean
    /// For `answer_token`: the label whose probability is the score.
    public var answerLabel: String?
    /// For `answer_token`: a boolean field of a JSON answer whose probability of `true` is the score.
    public var answerField: String?
    /// The route that grades answers for `judge`, and grades answers without logprobs otherwise.
    public var judgeRoute: String?
    /// Maps raw scores to calibrated probabilities (`parapet calibrate` writes one).
    public var calibrator: Calibrator = .identity
    /// Where the calibrator came from, for audit records.
    public var calibratorPath: String?
    public var thresholds = ConfidenceThresholds(auto: 0.8, reject: 0.4)
    /// The first open window's thresholds replace `thresholds` (and every field's).
    public var windows: [ThresholdWindow] = []
    public var fields: [FieldThreshold] = []
    /// The tier when no score can be computed (no logprobs and no judge, or the judge failed).
    public var onMissing: ConfidenceTier = .review
    /// What the route answers when it abstains.
    public var abstainReply = "I'm not confident enough in an answer to this, so I'd rather not guess. Please rephrase the question or ask a person."
    /// Instead of the reply: ask this route and deliver its answer.
    public var abstainRoute: String?

    public init() {}

    /// The thresholds in force at `date`, with the window that set them.
    public func thresholds(at date: Date) -> (ConfidenceThresholds, window: String?) {
        if let window = windows.first(where: { $0.contains(date) }) { return (window.thresholds, window.name) }
        return (thresholds, nil)
    }

    /// Whether the signal needs `logprobs` from the upstream.
    public var needsLogprobs: Bool { signal != .judge || !fields.isEmpty }

    public static func == (a: ConfidenceSettings, b: ConfidenceSettings) -> Bool {
        a.signal == b.signal && a.answerLabel == b.answerLabel && a.answerField == b.answerField && a.judgeRoute == b.judgeRoute
            && a.calibrator == b.calibrator && a.calibratorPath == b.calibratorPath && a.thresholds == b.thresholds && a.windows == b.windows
            && a.fields == b.fields && a.onMissing == b.onMissing && a.abstainReply == b.abstainReply && a.abstainRoute == b.abstainRoute
    }

    public func hash(into hasher: inout Hasher) {
        hasher.combine(signal)
        hasher.combine(calibratorPath)
        hasher.combine(thresholds)
        hasher.combine(fields)
    }
}

/// A route's grounding check for answers to requests that carry their sources.
public struct GroundingSettings: Sendable, Hashable {
    /// What an ungrounded answer (score below `minimumScore`) gets.
    public enum Action: String, Sendable, Hashable, CaseIterable {
        /// Delivered, with `output.ungrounded` findings in the audit record and a header.
        case flag
        /// Refused like a guard block (`guardrail_blocked`, code `output.ungrounded`).
        case block
        /// Sent to review (`review_required` until the review queue lands).
        case review
    }

    /// A sentence is supported when its lexical support reaches this.
    public var sentenceThreshold = 0.5
    /// An answer whose grounding score is below this is ungrounded.
    public var minimumScore = 0.7
    public var action: Action = .flag
    /// Borderline answers are graded by this route's model against the sources.
    public var judgeRoute: String?

    public init() {}
}

extension RouteConfiguration {
    /// Whether the whole answer must be seen before any of it is delivered: a confidence gate or
    /// schema validation needs it, so a streamed request on such a route is completed first and
    /// then streamed.
    public func needsWholeAnswer(_ request: ChatRequest) -> Bool {
        if confidence != nil || review != nil { return true }
        if grounding?.action == .block || grounding?.action == .review { return true }
        guard validation.enabled else { return false }
        if request.responseFormat?["type"]?.stringValue == "json_schema" { return true }
        return validation.toolArguments && !request.tools.isEmpty
    }
}
