import Foundation
import ParapetCore

/// Renders a decision for people or for programs.
enum DecisionPrinter {
    static func json(_ decision: Decision) throws -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
        return String(decoding: try encoder.encode(decision), as: UTF8.self)
    }

    static func text(_ decision: Decision) -> String {
        var lines = ["\(decision.action.rawValue.uppercased())  (\(decision.direction), policy \(decision.policyVersion), \(formatNanoseconds(decision.timings.totalNanoseconds)))"]
        for (finding, action) in zip(decision.findings, decision.findingActions) {
            let score = (finding.score * 100).rounded() / 100
            lines.append("  \(action.rawValue.padding(8))\(finding.category.rawValue.padding(34))[\(finding.start), \(finding.end))  score \(score)  \(finding.detector)  \(finding.explanation)")
        }
        if let redacted = decision.redactedText {
            lines.append("redacted: \(redacted)")
        }
        return lines.joined(separator: "\n")
    }

    static func formatNanoseconds(_ ns: UInt64) -> String {
        ns < 10_000 ? "\(ns) ns" : ns < 10_000_000 ? "\(ns / 1_000) µs" : "\(ns / 1_000_000) ms"
    }
}

extension String {
    func padding(_ width: Int) -> String {
        count >= width ? self + " " : self + String(repeating: " ", count: width - count)
    }
}
