import Foundation
import ParapetConfidence
import ParapetCore

/// The confidence of one answer and the tier it lands in.
public struct ConfidenceAssessment: Sendable, Equatable {
    /// One field's own score and tier.
    public struct Field: Sendable, Equatable {
        public var path: String
        public var raw: Double?
        public var calibrated: Double?
        public var tier: ConfidenceTier
    }

    /// The signal that produced the score (`geometric_mean`, `judge`…); nil when there was none.
    public var signal: ConfidenceSignal?
    public var raw: Double?
    public var calibrated: Double?
    /// The tier of the answer: the lowest of the whole answer's and every field's.
    public var tier: ConfidenceTier
    public var thresholds: ConfidenceThresholds
    /// The threshold window in force, if any.
    public var window: String?
    public var fields: [Field] = []
    /// Why no score could be computed.
    public var missing: String?
}

/// Turns a response's logprobs (or a judge's grade) into a calibrated confidence and a tier.
/// Pure: the caller supplies the time and, for `judge`, the grade.
public enum ConfidenceGate {
    /// The raw score of choice 0 from its logprobs under `settings.signal`; nil when the answer
    /// has no (usable) logprobs or the signal is `judge`.
    public static func logprobScore(_ completion: ChatCompletion, settings: ConfidenceSettings) -> Double? {
        guard let tokens = tokens(of: completion), !tokens.isEmpty else { return nil }
        switch settings.signal {
        case .meanProbability, .geometricMean, .minimumProbability:
            return LogprobSummary(tokens: tokens).map { value(of: $0, signal: settings.signal) }
        case .answerToken:
            if let field = settings.answerField { return AnswerToken.booleanFieldProbability(field: field, in: tokens) }
            if let label = settings.answerLabel { return AnswerToken.probability(of: label, in: tokens) }
            return nil
        case .judge:
            return nil
        }
    }

    /// The logprob tokens of the first choice.
    public static func tokens(of completion: ChatCompletion) -> [TokenLogprob]? {
        guard let choice = completion.json["choices"]?.arrayValue?.first else { return nil }
        return Logprobs.tokens(inChoice: choice)
    }

    /// The assessment of an answer whose raw score is `raw` (nil: none could be computed).
    public static func assess(
        raw: Double?, signal: ConfidenceSignal?, completion: ChatCompletion, settings: ConfidenceSettings, at date: Date, missing: String? = nil
    ) -> ConfidenceAssessment {
        let (thresholds, window) = settings.thresholds(at: date)
        let calibrated = raw.map { settings.calibrator.calibrate($0) }
        var assessment = ConfidenceAssessment(
            signal: raw == nil ? nil : signal, raw: raw, calibrated: calibrated,
            tier: calibrated.map { tier(of: $0, thresholds) } ?? settings.onMissing, thresholds: thresholds, window: window,
            missing: raw == nil ? (missing ?? "no score") : nil)
        guard !settings.fields.isEmpty else { return assessment }
        let tokens = tokens(of: completion) ?? []
        for field in settings.fields {
            let fieldThresholds = window == nil ? field.thresholds : thresholds
            let fieldRaw = fieldScore(path: field.path, tokens: tokens, signal: settings.signal)
            let fieldCalibrated = fieldRaw.map { settings.calibrator.calibrate($0) }
            let fieldTier = fieldCalibrated.map { tier(of: $0, fieldThresholds) } ?? settings.onMissing
            assessment.fields.append(.init(path: field.path, raw: fieldRaw, calibrated: fieldCalibrated, tier: fieldTier))
            assessment.tier = min(assessment.tier, fieldTier)
        }
        return assessment
    }

    public static func tier(of score: Double, _ thresholds: ConfidenceThresholds) -> ConfidenceTier {
        if score >= thresholds.auto { return .deliver }
        if score < thresholds.reject { return .abstain }
        return .review
    }

    /// The score of the tokens that spell the value at `path` in a JSON answer (a logprob summary
    /// under `signal`; the geometric mean for signals that are not summaries).
    static func fieldScore(path: String, tokens: [TokenLogprob], signal: ConfidenceSignal) -> Double? {
        guard !tokens.isEmpty else { return nil }
        var text: [UInt8] = []
        var ends: [Int] = []
        for token in tokens {
            text.append(contentsOf: token.token.utf8)
            ends.append(text.count)
        }
        let components = path.split(separator: ".").map(String.init)
        guard let span = JSONValueSpan.locate(components, in: text) else { return nil }
        var start = 0
        var covering: [TokenLogprob] = []
        for (index, end) in ends.enumerated() {
            if end > span.lowerBound, start < span.upperBound { covering.append(tokens[index]) }
            start = end
        }
        guard let summary = LogprobSummary(tokens: covering) else { return nil }
        switch signal {
        case .meanProbability, .minimumProbability: return value(of: summary, signal: signal)
        case .geometricMean, .answerToken, .judge: return summary.geometricMeanProbability
        }
    }

    static func value(of summary: LogprobSummary, signal: ConfidenceSignal) -> Double {
        switch signal {
        case .meanProbability: summary.meanProbability
        case .minimumProbability: summary.minimumProbability
        case .geometricMean, .answerToken, .judge: summary.geometricMeanProbability
        }
    }
}

/// Finds the bytes of one value in JSON text by a path of member names and array indices,
/// without building the document; starts at the first `{` or `[` (so prose or a markdown fence
/// around the JSON does not matter). Iterative, so nesting depth cannot exhaust the stack.
enum JSONValueSpan {
    static func locate(_ path: [String], in bytes: [UInt8]) -> Range<Int>? {
        guard var index = bytes.firstIndex(where: { $0 == UInt8(ascii: "{") || $0 == UInt8(ascii: "[") }) else { return nil }
        for component in path {
            skipWhitespace(bytes, &index)
            guard index < bytes.count else { return nil }
            if bytes[index] == UInt8(ascii: "{") {
                guard let found = member(component, in: bytes, objectAt: index) else { return nil }
                index = found
            } else if bytes[index] == UInt8(ascii: "["), let position = Int(component), position >= 0 {
                guard let found = element(position, in: bytes, arrayAt: index) else { return nil }
                index = found
            } else {
                return nil
            }
        }
        skipWhitespace(bytes, &index)
        let start = index
        guard skipValue(bytes, &index), index > start else { return nil }
        return start..<index
    }

    /// The offset of the value of member `name` of the object at `start`.
    static func member(_ name: String, in bytes: [UInt8], objectAt start: Int) -> Int? {
        var index = start + 1
        let wanted = Array(name.utf8)
        while true {
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: "\"") else { return nil }
            let keyStart = index + 1
            guard skipString(bytes, &index) else { return nil }
            let key = bytes[keyStart..<(index - 1)]
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ":") else { return nil }
            index += 1
            skipWhitespace(bytes, &index)
            if key.elementsEqual(wanted) { return index }
            guard skipValue(bytes, &index) else { return nil }
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
        }
    }

    /// The offset of element `position` of the array at `start`.
    static func element(_ position: Int, in bytes: [UInt8], arrayAt start: Int) -> Int? {
        var index = start + 1
        var current = 0
        while true {
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] != UInt8(ascii: "]") else { return nil }
            if current == position { return index }
            guard skipValue(bytes, &index) else { return nil }
            skipWhitespace(bytes, &index)
            guard index < bytes.count, bytes[index] == UInt8(ascii: ",") else { return nil }
            index += 1
            current += 1
        }
    }

    static func skipWhitespace(_ bytes: [UInt8], _ index: inout Int) {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x0A || bytes[index] == 0x0D || bytes[index] == 0x09 { index += 1 }
    }

    /// Past the string starting at `index` (which is its opening quote).
    static func skipString(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        index += 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\\"): index += 2
            case UInt8(ascii: "\""):
                index += 1
                return true
            default: index += 1
            }
        }
        return false
    }

    /// Past one value: a string, a container (bracket depth counted outside strings) or a scalar.
    static func skipValue(_ bytes: [UInt8], _ index: inout Int) -> Bool {
        guard index < bytes.count else { return false }
        switch bytes[index] {
        case UInt8(ascii: "\""):
            return skipString(bytes, &index)
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            var depth = 0
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: "\""):
                    guard skipString(bytes, &index) else { return false }
                    continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 {
                        index += 1
                        return true
                    }
                default: break
                }
                index += 1
            }
            return false
        default:
            let start = index
            while index < bytes.count {
                switch bytes[index] {
                case UInt8(ascii: ","), UInt8(ascii: "}"), UInt8(ascii: "]"), 0x20, 0x0A, 0x0D, 0x09:
                    return index > start
                default: index += 1
                }
            }
            return index > start
        }
    }
}
