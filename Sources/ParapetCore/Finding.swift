/// One thing a detector found in the caller's text.
///
/// Offsets point into the text the caller sent, not into its normalised form: `start`/`end` count
/// Unicode code points (how Python and most clients index strings), `utf8Start`/`utf8End` count
/// UTF-8 bytes. Both ranges are end-exclusive and lie on character boundaries.
///
/// The explanation says why the span was flagged; it never contains the matched value itself, so
/// findings are safe to log and to store in the audit trail.
public struct Finding: Sendable, Hashable, Codable {
    public var category: CategoryID
    public var start: Int
    public var end: Int
    public var utf8Start: Int
    public var utf8End: Int
    /// Confidence that the span belongs to the category, 0…1.
    public var score: Double
    public var detector: DetectorID
    public var explanation: String

    public init(
        category: CategoryID, start: Int, end: Int, utf8Start: Int, utf8End: Int,
        score: Double, detector: DetectorID, explanation: String
    ) {
        self.category = category
        self.start = start
        self.end = end
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.score = score
        self.detector = detector
        self.explanation = explanation
    }

    enum CodingKeys: String, CodingKey {
        case category, start, end
        case utf8Start = "utf8_start"
        case utf8End = "utf8_end"
        case score, detector, explanation
    }
}
