import ParapetCore

/// Runs a pipeline over labelled records and scores it (the engine of `parapet eval`).
public struct Evaluator: Sendable {
    public let pipeline: GuardPipeline
    public let direction: Direction

    /// Our PII categories → the eval files' normalised type names.
    public static let piiTypes: [CategoryID: String] = [
        "pii.email": "EMAIL", "pii.phone": "PHONE", "pii.credit_card": "CREDIT_CARD", "pii.iban": "IBAN",
        "pii.us_ssn": "US_SSN", "pii.ip_address": "IP_ADDRESS", "pii.url": "URL", "pii.mac_address": "MAC_ADDRESS",
        "pii.crypto_wallet": "CRYPTO_WALLET", "pii.us_bank_routing": "ABA_ROUTING_NUMBER",
    ]

    public init(pipeline: GuardPipeline, direction: Direction = .input) {
        self.pipeline = pipeline
        self.direction = direction
    }

    /// Scores `records`; `progress` is called with the number of records done.
    public func run(_ records: [EvalRecord], file: String, progress: (Int) -> Void = { _ in }) -> EvalReport {
        let clock = ContinuousClock()
        var latencies: [Duration] = []
        latencies.reserveCapacity(records.count)
        var decisions: [Decision] = []
        decisions.reserveCapacity(records.count)
        var bytes = 0
        let started = clock.now
        for (i, record) in records.enumerated() {
            let before = clock.now
            decisions.append(pipeline.evaluate(record.text, direction: direction))
            latencies.append(clock.now - before)
            bytes += record.text.utf8.count
            if i % 64 == 0 { progress(i) }
        }
        let elapsed = clock.now - started
        progress(records.count)
        latencies.sort()
        let p50 = latencies.isEmpty ? .zero : latencies[latencies.count / 2]
        let p99 = latencies.isEmpty ? .zero : latencies[min(latencies.count - 1, latencies.count * 99 / 100)]
        let seconds = max(elapsed.inSeconds, 1e-9)
        let latency = EvalReport.Latency(
            p50Microseconds: Self.microseconds(p50),
            p99Microseconds: Self.microseconds(p99),
            recordsPerSecond: Double(records.count) / seconds,
            megabytesPerSecond: Double(bytes) / 1_000_000 / seconds)
        var report = EvalReport(file: file, rows: records.count, latency: latency)
        if records.contains(where: { if case .spans = $0.label { true } else { false } }) {
            report.pii = scorePII(records, decisions)
        } else {
            report.classification = scoreClassification(records, decisions, file: file)
        }
        return report
    }

    static func microseconds(_ d: Duration) -> Double {
        Double(d.components.seconds) * 1e6 + Double(d.components.attoseconds) / 1e12
    }

    /// The category group a classification file is about: injection data → `injection`,
    /// anything else (harmful, toxicity) → `harm`.
    static func group(for records: [EvalRecord], file: String) -> String {
        let labels = Set(records.compactMap { if case .positive(let l) = $0.label { l } else { nil } })
        return labels.contains("attack") ? "injection" : "harm"
    }

    func scoreClassification(_ records: [EvalRecord], _ decisions: [Decision], file: String) -> EvalReport.Classification {
        let group = Self.group(for: records, file: file)
        var overall = EvalReport.Scores()
        var byDataset: [String: EvalReport.DatasetCategory] = [:]
        var byFinding: [String: EvalReport.FindingCategory] = [:]
        for (record, decision) in zip(records, decisions) {
            let positive: Bool
            if case .positive = record.label { positive = true } else { positive = false }
            let fired = Set(decision.findings.filter { $0.category.group == group }.map(\.category.rawValue))
            let flagged = !fired.isEmpty
            switch (positive, flagged) {
            case (true, true): overall.truePositives += 1
            case (true, false): overall.falseNegatives += 1
            case (false, true): overall.falsePositives += 1
            case (false, false): overall.trueNegatives += 1
            }
            let key = record.category ?? (positive ? "positive" : "negative")
            var entry = byDataset[key] ?? EvalReport.DatasetCategory(category: key, positive: positive, rows: 0, flagged: 0)
            entry.rows += 1
            if flagged { entry.flagged += 1 }
            byDataset[key] = entry
            for category in fired {
                var f = byFinding[category] ?? EvalReport.FindingCategory(category: category, onPositive: 0, onNegative: 0)
                if positive { f.onPositive += 1 } else { f.onNegative += 1 }
                byFinding[category] = f
            }
        }
        return EvalReport.Classification(
            group: group, overall: overall,
            byDatasetCategory: byDataset.values.sorted { ($0.positive ? 0 : 1, $0.category) < ($1.positive ? 0 : 1, $1.category) },
            byFindingCategory: byFinding.values.sorted { $0.category < $1.category })
    }

    func scorePII(_ records: [EvalRecord], _ decisions: [Decision]) -> EvalReport.PII {
        let detectedTypes = Set(Self.piiTypes.values)
        var scores: [String: EvalReport.SpanScores] = [:]
        for type in detectedTypes { scores[type] = EvalReport.SpanScores(type: type) }
        var notDetected: [String: Int] = [:]
        var benignRows = 0
        var benignFlagged = 0
        for (record, decision) in zip(records, decisions) {
            guard case .spans(let gold) = record.label else { continue }
            let checked = Set(record.checkedTypes ?? gold.map(\.type))
            let predicted: [(type: String, start: Int, end: Int)] = decision.findings.compactMap { f in
                guard let type = Self.piiTypes[f.category], checked.contains(type) else { return nil }
                return (type, f.start, f.end)
            }
            if gold.isEmpty {
                benignRows += 1
                if !predicted.isEmpty { benignFlagged += 1 }
            }
            for span in gold where !detectedTypes.contains(span.type) { notDetected[span.type, default: 0] += 1 }
            for type in detectedTypes where checked.contains(type) {
                let g = gold.filter { $0.type == type }
                let p = predicted.filter { $0.type == type }
                var s = scores[type] ?? EvalReport.SpanScores(type: type)
                s.gold += g.count
                s.predictions += p.count
                s.matchedGold += g.filter { gs in p.contains { $0.start < gs.end && gs.start < $0.end } }.count
                s.matchedPredictions += p.filter { ps in g.contains { $0.start < ps.end && ps.start < $0.end } }.count
                scores[type] = s
            }
        }
        return EvalReport.PII(
            byType: scores.values.sorted { $0.type < $1.type }, benignRows: benignRows,
            benignRowsFlagged: benignFlagged, notDetected: notDetected)
    }
}
