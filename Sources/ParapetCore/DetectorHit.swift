/// What a detector reports: a category, a byte range into `ScanText.bytes`, a score and a short
/// explanation (never the matched value).
public struct DetectorHit: Sendable, Hashable {
    public var category: CategoryID
    /// Byte offsets into the normalised text, end-exclusive, on UTF-8 scalar boundaries.
    public var range: Range<Int>
    /// 0…1.
    public var score: Double
    public var explanation: String

    public init(category: CategoryID, range: Range<Int>, score: Double, explanation: String) {
        self.category = category
        self.range = range
        self.score = score
        self.explanation = explanation
    }
}
