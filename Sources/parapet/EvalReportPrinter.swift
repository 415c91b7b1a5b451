import ParapetGuards

/// Renders an evaluation report as aligned tables.
enum EvalReportPrinter {
    static func text(_ report: EvalReport) -> String {
        var out: [String] = ["\(report.file): \(report.rows) rows"]
        if let c = report.classification {
            let o = c.overall
            out.append("")
            out.append("flagged = any \(c.group).* finding at or above its policy threshold")
            out.append("overall  precision \(pct(o.precision))  recall \(pct(o.recall))  F1 \(pct(o.f1))  FPR \(pct(o.falsePositiveRate))  (tp \(o.truePositives), fp \(o.falsePositives), tn \(o.trueNegatives), fn \(o.falseNegatives))")
            out.append("")
            out.append("dataset category".padding(28) + "label     rows  flagged  rate")
            for d in c.byDatasetCategory {
                out.append(d.category.padding(28) + (d.positive ? "positive" : "negative").padding(9) + "\(d.rows)".leftPad(5) + "\(d.flagged)".leftPad(9) + "  " + pct(d.rate) + (d.positive ? " recall" : " FPR"))
            }
            out.append("")
            if c.byFindingCategory.isEmpty {
                out.append("no \(c.group).* finding on any row (no enabled detector reports this group)")
            } else {
                out.append("finding category".padding(38) + "on positive  on negative  precision")
                for f in c.byFindingCategory {
                    out.append(f.category.padding(38) + "\(f.onPositive)".leftPad(11) + "\(f.onNegative)".leftPad(13) + "  " + pct(f.precision))
                }
            }
        }
        if let p = report.pii {
            out.append("")
            out.append("type".padding(22) + "gold  matched  pred  matched  precision  recall   F1")
            for s in p.byType {
                let precision = s.predictions == 0 ? "n/a" : pct(s.precision)
                let recall = s.gold == 0 ? "n/a" : pct(s.recall)
                let f1 = s.predictions == 0 || s.gold == 0 ? "n/a" : pct(s.f1)
                out.append(s.type.padding(22) + "\(s.gold)".leftPad(4) + "\(s.matchedGold)".leftPad(9) + "\(s.predictions)".leftPad(6) + "\(s.matchedPredictions)".leftPad(9) + "  " + precision.leftPad(9) + "  " + recall.leftPad(6) + "  " + f1.leftPad(6))
            }
            out.append("")
            out.append("rows without PII: \(p.benignRows), flagged: \(p.benignRowsFlagged) (FPR \(pct(p.benignFalsePositiveRate)))")
            if !p.notDetected.isEmpty {
                let list = p.notDetected.sorted { ($1.value, $0.key) < ($0.value, $1.key) }.map { "\($0.key) (\($0.value))" }
                out.append("not detected (no detector for these types; gold spans): " + list.joined(separator: ", "))
            }
        }
        let l = report.latency
        out.append("")
        out.append("latency per record: p50 \(fixed(l.p50Microseconds)) µs, p99 \(fixed(l.p99Microseconds)) µs; throughput \(Int(l.recordsPerSecond)) records/s, \(fixed(l.megabytesPerSecond)) MB/s")
        return out.joined(separator: "\n")
    }

    static func pct(_ x: Double) -> String { fixed(x * 100) + "%" }

    static func fixed(_ x: Double) -> String {
        let r = (x * 10).rounded() / 10
        return r == r.rounded() ? "\(Int(r)).0" : "\(r)"
    }
}

extension String {
    func leftPad(_ width: Int) -> String {
        count >= width ? self : String(repeating: " ", count: width - count) + self
    }
}
