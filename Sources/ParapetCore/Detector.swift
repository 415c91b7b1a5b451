/// A text detector: one stage of the guard pipeline.
///
/// Implementers' duties (checked by `DetectorConformance` in ParapetTesting):
/// - `scan` is pure and deterministic: the same text gives the same hits, in the same order.
/// - It is safe to call from many tasks at once (`Sendable`, no mutable shared state).
/// - Every hit's range lies inside `text.bytes`, is non-empty, and starts and ends on UTF-8
///   scalar boundaries.
/// - Every hit's category is one of `categories`, and its score is within 0…1.
/// - Explanations never contain the matched value.
/// - Deterministic detectors scan bytes (a first-byte or keyword prefilter, then validation);
///   no `Regex` or `NSRegularExpression` on this path.
/// - A detector that cannot answer (a remote judge that timed out, a model that is not loaded)
///   throws `DetectorFailure`; the pipeline then applies each category's fail mode.
public protocol Detector: Sendable {
    /// Name and rule version, recorded with every finding.
    var id: DetectorID { get }
    /// Every category this detector may report.
    var categories: [CategoryID] { get }
    /// Appends what it finds in `text` to `hits`.
    func scan(_ text: ScanText, into hits: inout [DetectorHit]) throws(DetectorFailure)
}

/// A detector could not give an answer.
public struct DetectorFailure: Error, Sendable, Hashable, CustomStringConvertible {
    public var reason: String
    public init(reason: String) { self.reason = reason }
    public var description: String { reason }
}
