import Foundation

/// Whole-answer statistics of token probabilities: the signals for free-text answers, where no
/// single token carries the answer.
public struct LogprobSummary: Sendable, Equatable {
    /// How many tokens.
    public var count: Int
    /// The arithmetic mean of the token probabilities ("linear probability averaging").
    public var meanProbability: Double
    /// `exp(mean logprob)`: the geometric mean of the token probabilities, `1 / perplexity`.
    public var geometricMeanProbability: Double
    /// `exp(-mean logprob)`; at least 1, and +infinity when the mean log probability is below
    /// about -709.
    public var perplexity: Double
    /// The least likely token's probability: one confidently wrong token is often the tell.
    public var minimumProbability: Double

    /// Summarises `tokens`; nil when there are none. Log probabilities are clamped to
    /// -9999…0 first (positive values are treated as 0, NaN and -infinity as -9999), so every
    /// probability is in 0…1.
    public init?(tokens: [TokenLogprob]) {
        guard !tokens.isEmpty else { return nil }
        var sumProbability = 0.0
        var sumLogprob = 0.0
        var minimum = 1.0
        for token in tokens {
            let logprob = Probability.sanitizedLogprob(token.logprob)
            let probability = exp(logprob)
            sumProbability += probability
            sumLogprob += logprob
            minimum = min(minimum, probability)
        }
        let count = Double(tokens.count)
        self.count = tokens.count
        meanProbability = Probability.clamped(sumProbability / count)
        geometricMeanProbability = Probability.clamped(exp(sumLogprob / count))
        perplexity = exp(-sumLogprob / count)
        minimumProbability = minimum
    }

    /// The summary statistic a signal names: mean, geometric mean or minimum probability; nil
    /// for signals a summary cannot give (`answerToken`, `judge`).
    public func score(_ signal: ConfidenceSignal) -> Double? {
        switch signal {
        case .meanProbability: meanProbability
        case .geometricMean: geometricMeanProbability
        case .minimumProbability: minimumProbability
        case .answerToken, .judge: nil
        }
    }
}
