import ParapetCore

/// The result of `GroundingChecker.check`: a score for the whole answer and one entry per scored
/// sentence.
public struct GroundingReport: Sendable, Equatable {
    /// 0…1: the sentences' supports weighted by their content words; 1 when nothing was scored.
    public var score: Double
    /// The scored sentences, in answer order (sentences too short to score are left out).
    public var sentences: [SentenceSupport]
    /// Some sentence's support lies in the configured borderline band: worth a judge's look.
    public var isBorderline: Bool

    /// A report, as `GroundingChecker` builds it.
    public init(score: Double, sentences: [SentenceSupport], isBorderline: Bool) {
        self.score = score
        self.sentences = sentences
        self.isBorderline = isBorderline
    }

    /// The sentences that are not supported.
    public var unsupported: [SentenceSupport] { sentences.filter { !$0.isSupported } }

    /// One `output.ungrounded` finding per unsupported sentence, spanning it, scored `1 - support`.
    /// The explanation gives the support and what is missing, never the sentence's text.
    public func findings(detector: DetectorID) -> [Finding] {
        unsupported.map { sentence in
            Finding(
                category: "output.ungrounded", start: sentence.start, end: sentence.end,
                utf8Start: sentence.utf8Start, utf8End: sentence.utf8End, score: min(1, max(0, 1 - sentence.support)),
                detector: detector, explanation: Self.explanation(sentence))
        }
    }

    static func explanation(_ sentence: SentenceSupport) -> String {
        var missing: [String] = []
        let numbers = sentence.unsupportedNumbers.count
        let names = sentence.unsupportedEntities.count
        if numbers > 0 { missing.append(numbers == 1 ? "1 number" : "\(numbers) numbers") }
        if names > 0 { missing.append(names == 1 ? "1 name" : "\(names) names") }
        let detail = missing.isEmpty ? "" : "; " + missing.joined(separator: " and ") + " not in sources"
        return "sentence not supported by sources (support \(twoDecimals(sentence.support))\(detail))"
    }

    /// `0.21` for 0.2149, without Foundation.
    static func twoDecimals(_ value: Double) -> String {
        let hundredths = Int((min(1, max(0, value)) * 100).rounded())
        let fraction = hundredths % 100
        return "\(hundredths / 100).\(fraction < 10 ? "0" : "")\(fraction)"
    }
}
