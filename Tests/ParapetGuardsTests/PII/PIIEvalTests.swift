import Foundation
import ParapetCore
import Testing

@testable import ParapetGuards

/// Measures `PIIDetector` on the shared development set `shared/eval/pii.jsonl` (a sibling of the
/// repository root) and checks the precision/recall targets.
@Suite struct PIIEvalTests {
    struct Span: Decodable {
        var type: String
        var start: Int
        var end: Int
    }

    struct Row: Decodable {
        var id: String
        var text: String
        var label: [Span]
        var checked_types: [String]
    }

    static let typeOf: [CategoryID: String] = [
        "pii.email": "EMAIL", "pii.phone": "PHONE", "pii.credit_card": "CREDIT_CARD", "pii.iban": "IBAN",
        "pii.us_ssn": "US_SSN", "pii.ip_address": "IP_ADDRESS", "pii.url": "URL", "pii.mac_address": "MAC_ADDRESS",
        "pii.crypto_wallet": "CRYPTO_WALLET", "pii.us_bank_routing": "ABA_ROUTING_NUMBER",
    ]

    static var dataURL: URL {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent()  // PII
            .deletingLastPathComponent()  // ParapetGuardsTests
            .deletingLastPathComponent()  // Tests
            .deletingLastPathComponent()  // repository root
            .deletingLastPathComponent()
            .appendingPathComponent("shared/eval/pii.jsonl")
    }

    struct Tally {
        var predictions = 0
        var matchedPredictions = 0
        var golds = 0
        var matchedGolds = 0
        var precision: Double { predictions == 0 ? 1 : Double(matchedPredictions) / Double(predictions) }
        var recall: Double { golds == 0 ? 1 : Double(matchedGolds) / Double(golds) }
    }

    @Test func developmentSet() throws {
        guard let data = FileManager.default.contents(atPath: Self.dataURL.path) else {
            Issue.record("evaluation data missing at \(Self.dataURL.path)")
            return
        }
        let verbose = ProcessInfo.processInfo.environment["PII_EVAL_VERBOSE"] != nil
        let detector = PIIDetector()
        var tallies: [String: Tally] = [:]
        let decoder = JSONDecoder()
        for line in data.split(separator: UInt8(ascii: "\n")) where !line.isEmpty {
            let row = try decoder.decode(Row.self, from: Data(line))
            let text = ScanText(row.text)
            var hits: [DetectorHit] = []
            try detector.scan(text, into: &hits)
            // Byte offset → code-point offset.
            var cp = [Int](repeating: 0, count: text.count + 1)
            var index = 0
            for (k, byte) in text.bytes.enumerated() {
                cp[k] = index
                if byte & 0xC0 != 0x80 { index += 1 }
                cp[k] = byte & 0xC0 == 0x80 ? index : index - 1
            }
            cp[text.count] = index
            let predictions: [(type: String, start: Int, end: Int)] = hits.compactMap { hit in
                guard hit.score >= 0.5, let type = Self.typeOf[hit.category] else { return nil }
                return (type, cp[hit.range.lowerBound], cp[hit.range.upperBound])
            }
            for type in Set(Self.typeOf.values) where row.checked_types.contains(type) {
                let golds = row.label.filter { $0.type == type }
                let preds = predictions.filter { $0.type == type }
                var tally = tallies[type, default: Tally()]
                tally.golds += golds.count
                tally.predictions += preds.count
                for p in preds {
                    if golds.contains(where: { $0.start < p.end && p.start < $0.end }) {
                        tally.matchedPredictions += 1
                    } else if verbose {
                        print("FP \(type) \(row.id): \(Self.slice(row.text, p.start, p.end)) | \(row.text.prefix(160))")
                    }
                }
                for g in golds {
                    if preds.contains(where: { g.start < $0.end && $0.start < g.end }) {
                        tally.matchedGolds += 1
                    } else if verbose {
                        print("FN \(type) \(row.id): \(Self.slice(row.text, g.start, g.end)) | \(row.text.prefix(160))")
                    }
                }
                tallies[type] = tally
            }
        }
        var table = "type                 golds  preds  precision  recall\n"
        for type in tallies.keys.sorted() {
            guard let t = tallies[type] else { continue }
            table += type.padding(toLength: 20, withPad: " ", startingAt: 0)
            table += " \(String(t.golds).leftPad(5))  \(String(t.predictions).leftPad(5))"
            table += "  \(Self.format(t.precision).leftPad(9))  \(Self.format(t.recall).leftPad(6))\n"
        }
        print(table)
        for type in ["EMAIL", "CREDIT_CARD", "IBAN", "US_SSN", "IP_ADDRESS"] {
            let t = tallies[type, default: Tally()]
            #expect(t.precision >= 0.97, "\(type) precision \(t.precision)\n\(table)")
            #expect(t.recall >= 0.95, "\(type) recall \(t.recall)\n\(table)")
        }
        let phone = tallies["PHONE", default: Tally()]
        #expect(phone.precision >= 0.9 && phone.recall >= 0.9, "PHONE \(phone.precision)/\(phone.recall)\n\(table)")
    }

    static func slice(_ s: String, _ from: Int, _ to: Int) -> String {
        let scalars = Array(s.unicodeScalars)
        guard from >= 0, to <= scalars.count, from < to else { return "" }
        var out = String.UnicodeScalarView()
        out.append(contentsOf: scalars[from..<to])
        return "\"" + String(out) + "\""
    }

    static func format(_ x: Double) -> String {
        let v = (x * 1000).rounded() / 1000
        return String(v)
    }
}

extension String {
    fileprivate func leftPad(_ n: Int) -> String {
        count >= n ? self : String(repeating: " ", count: n - count) + self
    }
}
