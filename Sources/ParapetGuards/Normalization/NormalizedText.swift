import ParapetCore

/// The caller's text, its normalised form for detectors, and the map between the two.
public struct NormalizedText: Sendable {
    /// What detectors scan.
    public let scan: ScanText
    /// For each byte of `scan.bytes` (plus one sentinel), the UTF-8 range in the original text of
    /// the character it came from. `nil` when normalisation changed nothing (all-ASCII input).
    let originStarts: [Int32]?
    let originEnds: [Int32]?
    /// UTF-8 length of the original text.
    public let originalCount: Int
    /// Original UTF-8 ranges of runs of Unicode tag characters that spell hidden text (emoji
    /// flag sequences excluded).
    public let hiddenTagRuns: [Range<Int>]

    /// Whether offsets in `scan` equal offsets in the original.
    public var isIdentity: Bool { originStarts == nil }

    /// The original UTF-8 range covering the normalised byte range `range`: from the start of the
    /// character that produced its first byte to the end of the character that produced its last.
    public func originalRange(_ range: Range<Int>) -> Range<Int> {
        guard let starts = originStarts, let ends = originEnds, !range.isEmpty else {
            return range.clamped(to: 0..<originalCount)
        }
        let lo = max(0, min(range.lowerBound, starts.count - 1))
        let hi = max(lo, min(range.upperBound - 1, ends.count - 1))
        let start = Int(starts[lo])
        let end = Int(ends[hi])
        return start..<max(start, end)
    }

    init(scan: ScanText, originStarts: [Int32]?, originEnds: [Int32]?, originalCount: Int, hiddenTagRuns: [Range<Int>]) {
        self.scan = scan
        self.originStarts = originStarts
        self.originEnds = originEnds
        self.originalCount = originalCount
        self.hiddenTagRuns = hiddenTagRuns
    }
}
