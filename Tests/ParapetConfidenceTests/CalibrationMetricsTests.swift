import Foundation
import ParapetConfidence
import Testing

@Suite("Calibration metrics and reliability diagrams")
struct CalibrationMetricsTests {
    @Test func smallExampleByHand() {
        let samples: [CalibrationSample] = [
            .init(score: 0.9, correct: true), .init(score: 0.9, correct: false),
            .init(score: 0.2, correct: false), .init(score: 0.1, correct: false),
        ]
        let metrics = CalibrationMetrics(samples: samples, binCount: 10)
        // Bins: [0, 0.1] holds 0.1 (an edge goes to the lower bin), (0.1, 0.2] holds 0.2, (0.8, 0.9] both 0.9s.
        #expect(metrics.bins.map(\.count) == [1, 1, 0, 0, 0, 0, 0, 0, 2, 0])
        #expect(abs(metrics.ece - (0.25 * 0.1 + 0.25 * 0.2 + 0.5 * 0.4)) < 1e-12)
        #expect(abs(metrics.maximumCalibrationError - 0.4) < 1e-12)
        #expect(abs(metrics.brier - (0.01 + 0.81 + 0.04 + 0.01) / 4) < 1e-12)
        #expect(abs(metrics.logLoss - -(log(0.9) + log(0.1) + log(0.8) + log(0.9)) / 4) < 1e-12)
        #expect(metrics.curve.count == 3)
    }

    @Test func hostileInput() {
        let empty = CalibrationMetrics(samples: [])
        #expect(empty.count == 0 && empty.ece == 0 && empty.brier == 0 && empty.logLoss == 0 && empty.bins.count == 10)
        let weird: [CalibrationSample] = [.init(score: .nan, correct: true), .init(score: 7, correct: true), .init(score: -.infinity, correct: false)]
        for bins in [Int.min, 0, 1, 3, Int.max] {
            let metrics = CalibrationMetrics(samples: weird, binCount: bins)
            #expect((1...CalibrationMetrics.maximumBinCount).contains(metrics.bins.count))
            #expect(metrics.ece.isFinite && metrics.brier.isFinite && metrics.logLoss.isFinite)
            #expect(metrics.bins.map(\.count).reduce(0, +) == 3)
        }
        // Exact 0 and 1 scores that are wrong: log loss clipped like sklearn (-log 2.2e-16 ≈ 36).
        let wrong = CalibrationMetrics(samples: [.init(score: 1, correct: false), .init(score: 0, correct: true)])
        #expect(abs(wrong.logLoss - -log(Double.ulpOfOne)) < 1e-9)
    }

    @Test func diagramIsWellFormedAndEscaped() throws {
        let before = CalibrationMetrics(samples: (0..<100).map { .init(score: 0.5 + Double($0) / 200, correct: $0 % 3 == 0) })
        let after = CalibrationMetrics(samples: (0..<100).map { .init(score: 0.2 + Double($0) / 400, correct: $0 % 3 == 0) })
        let svg = ReliabilityDiagram.svg(before: before, after: after, title: "Model <A> & \"B\"\u{1}")
        #expect(svg.hasPrefix("<svg xmlns=\"http://www.w3.org/2000/svg\""))
        #expect(svg.contains("Model &lt;A&gt; &amp; &quot;B&quot; "))
        #expect(svg.contains("before: ECE"))
        #expect(svg.contains("after: ECE"))
        #expect(!svg.contains("nan") && !svg.contains("inf"))
        #expect(Self.tagsBalance(svg))
        let empty = ReliabilityDiagram.svg(before: CalibrationMetrics(samples: []), after: nil, title: "")
        #expect(Self.tagsBalance(empty))
        #expect(!empty.contains("after: ECE"))
    }

    /// A small well-formedness check (no XML parser on Linux without libxml2): every element
    /// closes in order, and every `&` starts an entity.
    static func tagsBalance(_ text: String) -> Bool {
        var stack: [Substring] = []
        var rest = text[...]
        while let open = rest.firstIndex(of: "<") {
            guard let close = rest[open...].firstIndex(of: ">") else { return false }
            let tag = rest[rest.index(after: open)..<close]
            if tag.hasPrefix("/") {
                guard stack.popLast() == tag.dropFirst() else { return false }
            } else if !tag.hasSuffix("/") {
                stack.append(tag.prefix { $0 != " " && $0 != "\n" })
            }
            rest = rest[rest.index(after: close)...]
        }
        let entities = text.split(separator: "&", omittingEmptySubsequences: false).dropFirst()
        return stack.isEmpty && entities.allSatisfy { entity in ["amp;", "lt;", "gt;", "quot;", "apos;"].contains { entity.hasPrefix($0) } }
    }
}
