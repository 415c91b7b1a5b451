import ParapetCore

extension GuardPipeline {
    /// Hits mapped to the original text, before the policy decides on them.
    struct Candidates {
        struct Entry {
            var category: CategoryID
            var range: Range<Int>
            var score: Double
            var detector: DetectorID
            var explanation: String
            /// Set for detector failures: the fail mode decides, not the category's action.
            var forcedAction: Action?
        }

        var entries: [Entry] = []

        mutating func add(_ category: CategoryID, _ range: Range<Int>, _ score: Double, _ detector: DetectorID, _ explanation: String) {
            entries.append(Entry(category: category, range: range, score: score, detector: detector, explanation: explanation))
        }

        /// A detector failed: if any of its categories that matter for this direction is fail-closed
        /// the text is blocked, otherwise it passes with an annotation.
        mutating func addFailure(of detector: any Detector, reason: String, policy: Policy, direction: Direction) {
            let relevant = detector.categories.filter { policy.rule(for: $0).action(for: direction) != .allow }
            let closed = relevant.filter { policy.rule(for: $0).failMode == .closed }
            let action: Action = closed.isEmpty ? .annotate : .block
            let mode = closed.isEmpty ? "open" : "closed (\(closed.map(\.rawValue).joined(separator: ", ")))"
            entries.append(Entry(
                category: CategoryID("detector.\(detector.id.name).unavailable"), range: 0..<0, score: 1.0,
                detector: detector.id, explanation: "detector failed: \(reason); fail mode \(mode)", forcedAction: action))
        }
    }
}
