import Foundation

/// One generated token with its log probability and the most likely alternatives at its position,
/// as a provider reports them (OpenAI's `logprobs.content[]`).
public struct TokenLogprob: Sendable, Equatable {
    /// A candidate token at a position and its log probability.
    public struct Alternative: Sendable, Equatable {
        /// The candidate's text.
        public var token: String
        /// Natural log of its probability; at most 0 for a well-formed report.
        public var logprob: Double

        /// A candidate with this text and log probability.
        public init(token: String, logprob: Double) {
            self.token = token
            self.logprob = logprob
        }

        /// `exp(logprob)` made safe: in 0…1, NaN as 0.
        public var probability: Double { Probability.fromLogprob(logprob) }
    }

    /// The generated token's text.
    public var token: String
    /// Natural log of its probability.
    public var logprob: Double
    /// The alternatives the provider listed at this position (`top_logprobs`), most likely first;
    /// may or may not include the generated token itself.
    public var top: [Alternative]

    /// A token with this text, log probability and alternatives.
    public init(token: String, logprob: Double, top: [Alternative] = []) {
        self.token = token
        self.logprob = logprob
        self.top = top
    }

    /// `exp(logprob)` made safe: in 0…1, NaN as 0.
    public var probability: Double { Probability.fromLogprob(logprob) }

    /// The generated token and its alternatives without repeats (the first report of a token
    /// text wins, the generated token first), so sums over candidates count each text once.
    var candidates: [Alternative] {
        var seen: Set<String> = [token]
        var result = [Alternative(token: token, logprob: logprob)]
        for alternative in top where seen.insert(alternative.token).inserted {
            result.append(alternative)
        }
        return result
    }
}

/// Numeric guards shared by the confidence code: every probability it returns is in 0…1 and never
/// NaN, whatever the input.
enum Probability {
    /// The smallest log probability kept. OpenAI reports -9999 for "essentially impossible";
    /// anything lower (or -infinity, or NaN) is clamped here so sums and means stay finite.
    static let minimumLogprob = -9999.0

    /// A log probability clamped to `minimumLogprob…0`; NaN becomes `minimumLogprob`.
    static func sanitizedLogprob(_ value: Double) -> Double {
        guard !value.isNaN else { return minimumLogprob }
        return min(max(value, minimumLogprob), 0)
    }

    /// `exp` of a sanitised log probability.
    static func fromLogprob(_ value: Double) -> Double {
        exp(sanitizedLogprob(value))
    }

    /// `value` clamped to 0…1; NaN becomes 0.
    static func clamped(_ value: Double) -> Double {
        guard !value.isNaN else { return 0 }
        return min(max(value, 0), 1)
    }
}
