/// The text a detector scans: the caller's text after Unicode normalisation (NFKC, invisible
/// characters removed, confusables folded), as UTF-8 bytes.
///
/// `lowered` is `bytes` with ASCII letters lower-cased; it has the same length, so an offset means
/// the same character in both. Detectors report byte ranges into these arrays; the pipeline maps
/// them back to the caller's text.
public struct ScanText: Sendable {
    /// Normalised UTF-8.
    public let bytes: [UInt8]
    /// `bytes` with `A`…`Z` mapped to `a`…`z`; every other byte unchanged.
    public let lowered: [UInt8]
    /// Whether every byte is below 0x80.
    public let isASCII: Bool
    /// How many invisible scalars (zero-width, bidi controls, Unicode tag characters) normalisation
    /// removed. Hidden characters in a prompt are a signal of their own.
    public let removedInvisibleCount: Int
    /// How many Unicode tag characters (U+E0000 block) were removed; text smuggled in tag
    /// characters is invisible to people but read by models.
    public let removedTagCount: Int

    public init(bytes: [UInt8], removedInvisibleCount: Int = 0, removedTagCount: Int = 0) {
        self.bytes = bytes
        var lowered = bytes
        self.isASCII = lowered.withUnsafeMutableBytes { ByteScan.lowercaseASCII($0) }
        self.lowered = lowered
        self.removedInvisibleCount = removedInvisibleCount
        self.removedTagCount = removedTagCount
    }

    /// Convenience for tests and tools: wraps an already-normalised string.
    public init(_ string: String) {
        self.init(bytes: Array(string.utf8))
    }

    public var count: Int { bytes.count }
}
