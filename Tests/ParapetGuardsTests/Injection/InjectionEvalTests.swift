import Foundation
import ParapetCore
import Testing

@testable import ParapetGuards

/// Measures the detector on the shared development set (`shared/eval/injection.jsonl`, a sibling
/// of the repository root) at threshold 0.5 and guards against regressions.
@Suite struct InjectionEvalTests {
    struct Row: Decodable {
        let id: String
        let text: String
        let label: String
        let category: String
    }

    struct Tally {
        var total = 0
        var positive = 0
        var rate: Double { total == 0 ? 0 : Double(positive) / Double(total) }
    }

    static let threshold = 0.5

    static var evalURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("shared/eval/injection.jsonl")
    }

    /// FNV-1a of the id; rows with `hash % 5 == 0` are the held-out part.
    static func isHeldOut(_ id: String) -> Bool {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 {
            h ^= UInt64(b)
            h = h &* 0x100_0000_01b3
        }
        return h % 5 == 0
    }

    static func predictsAttack(_ detector: InjectionDetector, _ text: String) -> Bool {
        var hits: [DetectorHit] = []
        try? detector.scan(ScanText(text), into: &hits)
        return hits.contains { $0.category.group == "injection" && $0.score >= threshold }
    }

    @Test func developmentSet() throws {
        guard let data = try? Data(contentsOf: Self.evalURL) else {
            Issue.record("evaluation file missing at \(Self.evalURL.path)")
            return
        }
        let decoder = JSONDecoder()
        var rows: [Row] = []
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            rows.append(try decoder.decode(Row.self, from: Data(line)))
        }
        #expect(rows.count > 1000)
        let detector = InjectionDetector()
        var byCategory: [String: Tally] = [:]
        var attacks = Tally()
        var benign = Tally()
        var heldAttacks = Tally()
        var heldBenign = Tally()
        var misses: [String] = []
        for row in rows {
            let predicted = Self.predictsAttack(detector, row.text)
            let isAttack = row.label == "attack"
            let hit = predicted ? 1 : 0
            byCategory[row.category, default: Tally()].total += 1
            byCategory[row.category, default: Tally()].positive += hit
            if isAttack {
                attacks.total += 1
                attacks.positive += hit
            } else {
                benign.total += 1
                benign.positive += hit
            }
            if Self.isHeldOut(row.id) {
                if isAttack {
                    heldAttacks.total += 1
                    heldAttacks.positive += hit
                } else {
                    heldBenign.total += 1
                    heldBenign.positive += hit
                }
            }
            if predicted != isAttack {
                var hits: [DetectorHit] = []
                try? detector.scan(ScanText(row.text), into: &hits)
                let why = hits.map { "\($0.category.redactionLabel)=\($0.score):\($0.explanation)" }.joined(separator: ",")
                let flat = row.text.prefix(300).replacingOccurrences(of: "\n", with: " ")
                misses.append("\(isAttack ? "FN" : "FP")\t\(row.category)\t\(row.id)\t[\(why)]\t\(flat)")
            }
        }
        var report = "injection eval (threshold \(Self.threshold))\n"
        for (category, t) in byCategory.sorted(by: { $0.key < $1.key }) {
            let what = category.hasPrefix("benign") ? "FPR" : "recall"
            report += "  \(category): \(what) \(pct(t.rate)) (\(t.positive)/\(t.total))\n"
        }
        report += "  overall: recall \(pct(attacks.rate)) (\(attacks.positive)/\(attacks.total)), "
        report += "FPR \(pct(benign.rate)) (\(benign.positive)/\(benign.total))\n"
        report += "  held-out (fnv(id) % 5 == 0): recall \(pct(heldAttacks.rate)) (\(heldAttacks.positive)/\(heldAttacks.total)), "
        report += "FPR \(pct(heldBenign.rate)) (\(heldBenign.positive)/\(heldBenign.total))\n"
        print(report)
        if let dump = ProcessInfo.processInfo.environment["INJECTION_EVAL_DUMP"] {
            try? misses.joined(separator: "\n").write(toFile: dump, atomically: true, encoding: .utf8)
        }
        #expect(benign.rate <= 0.03, "benign false-positive rate \(pct(benign.rate)) above 3%")
        #expect(attacks.rate >= 0.35, "attack recall \(pct(attacks.rate)) below the regression floor")
    }

    private func pct(_ x: Double) -> String {
        let tenths = Int((x * 1000).rounded())
        return "\(tenths / 10).\(tenths % 10)%"
    }
}
