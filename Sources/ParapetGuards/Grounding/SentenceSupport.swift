/// How well the sources support one sentence of an answer.
public struct SentenceSupport: Sendable, Equatable {
    /// Start of the sentence in the answer, in Unicode code points.
    public var start: Int
    /// End (exclusive), in code points.
    public var end: Int
    /// Start in UTF-8 bytes.
    public var utf8Start: Int
    /// End (exclusive) in UTF-8 bytes.
    public var utf8End: Int
    /// 0…1; see `GroundingChecker` for the formula.
    public var support: Double
    /// `support` reaches the threshold and no number or name is missing from the sources.
    public var isSupported: Bool
    /// Numbers of the sentence that no source contains, as written in the answer (at most 32).
    public var unsupportedNumbers: [String]
    /// Names (capitalised words and runs of them) and acronyms that no source contains, as
    /// written (at most 32).
    public var unsupportedEntities: [String]

    /// A sentence's support, as `GroundingChecker` computes it.
    public init(
        start: Int, end: Int, utf8Start: Int, utf8End: Int, support: Double, isSupported: Bool,
        unsupportedNumbers: [String] = [], unsupportedEntities: [String] = []
    ) {
        self.start = start
        self.end = end
        self.utf8Start = utf8Start
        self.utf8End = utf8End
        self.support = support
        self.isSupported = isSupported
        self.unsupportedNumbers = unsupportedNumbers
        self.unsupportedEntities = unsupportedEntities
    }
}
