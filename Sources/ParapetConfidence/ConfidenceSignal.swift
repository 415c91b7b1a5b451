/// Where a confidence score comes from. The raw value is the name used in configuration and
/// in calibration files.
public enum ConfidenceSignal: String, Sendable, CaseIterable {
    /// `LogprobSummary.meanProbability` over the answer's tokens.
    case meanProbability = "mean_probability"
    /// `LogprobSummary.geometricMeanProbability` (1 / perplexity).
    case geometricMean = "geometric_mean"
    /// `LogprobSummary.minimumProbability`.
    case minimumProbability = "minimum_probability"
    /// The probability of the answer's label or boolean field (`AnswerToken`): for
    /// classification and for `has_sufficient_context_for_answer`-style JSON fields.
    case answerToken = "answer_token"
    /// A grade from a second, smaller model (`SelfCheckJudge`), for responses without logprobs.
    case judge
}
