/// Thresholds of the grounding check.
public struct GroundingConfiguration: Sendable, Equatable {
    /// A sentence is supported when its support is at least this (and it names no number or name
    /// missing from the sources).
    public var supportThreshold: Double
    /// Supports in this range make the report borderline: lexical evidence cannot decide, and the
    /// gateway may ask a judge model.
    public var borderlineBand: ClosedRange<Double>
    /// Sentences with fewer content words and numbers than this ("Sure!", "Hope this helps.") are
    /// not scored.
    public var minimumContentWords: Int

    /// Thresholds; the defaults suit English answers over a handful of retrieved passages.
    public init(supportThreshold: Double = 0.5, borderlineBand: ClosedRange<Double> = 0.35...0.65, minimumContentWords: Int = 3) {
        self.supportThreshold = supportThreshold
        self.borderlineBand = borderlineBand
        self.minimumContentWords = minimumContentWords
    }
}
