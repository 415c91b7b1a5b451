import ParapetCore

/// Heuristic prompt-injection detector: instruction overrides, persona jailbreaks, system-prompt
/// extraction, fake role tags and instructions hidden in base64, hex or rot13.
///
/// The text is read once as lower-case ASCII words (any byte outside `a`…`z` ends a word, so
/// other scripts never match); words are looked up in a static vocabulary without allocating,
/// and only vocabulary words that start a rule look at a bounded window of neighbouring words.
/// Each category gets at most one hit, scored 0…1 from the combined evidence; a lone trigger
/// word scores low or not at all. Its span is the strongest matched phrase.
public struct InjectionDetector: Detector {
    /// `injection@1`.
    public let id = DetectorID(name: "injection", version: 1)

    /// The five categories this detector reports.
    public var categories: [CategoryID] { InjectionKind.allCases.map(\.category) }

    /// Creates the detector. It has no configuration; thresholds belong to the policy.
    public init() {}

    /// Appends at most one hit per category.
    public func scan(_ text: ScanText, into hits: inout [DetectorHit]) throws(DetectorFailure) {
        // Offsets are kept as Int32; longer inputs are scanned up to that length.
        let limit = min(text.count, Int(Int32.max))
        guard limit > 0 else { return }
        var state = InjectionScanState()
        var signals: [InjectionSignal] = []
        text.lowered.withUnsafeBufferPointer { low in
            text.bytes.withUnsafeBufferPointer { orig in
                let lowered = UnsafeBufferPointer(rebasing: low[0..<limit])
                let original = UnsafeBufferPointer(rebasing: orig[0..<limit])
                InjectionPhraseMatcher.match(lowered: lowered, original: original, collectRuns: true, into: &state)
                signals = state.signals
                EncodedPayloadScanner.scan(lowered: lowered, original: original, state: state, into: &signals)
            }
        }
        InjectionScoring.aggregate(signals, into: &hits)
    }
}
