/// One labelled observation for fitting and measuring a calibrator: the raw confidence score a
/// signal gave and whether the answer turned out to be correct.
public struct CalibrationSample: Sendable, Equatable {
    /// The raw score, a probability in 0…1.
    public var score: Double
    /// Whether the answer was correct (the positive class).
    public var correct: Bool

    /// A sample with this score and outcome.
    public init(score: Double, correct: Bool) {
        self.score = score
        self.correct = correct
    }
}
