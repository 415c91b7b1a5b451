import ParapetCore

extension CalibrationSample {
    /// Reads samples from JSON Lines: one object per line with a `score` (a number in 0…1) and
    /// the outcome as `"correct": true|false` or `"label": 0|1` (or both, if they agree). Other
    /// members are ignored; blank lines are skipped. `path` names the source in errors, which
    /// carry the 1-based line number: `samples.jsonl:7: score 1.3 is not a probability in 0…1`.
    public static func parseJSONLines(_ bytes: [UInt8], path: String) throws(CalibrationError) -> [CalibrationSample] {
        var samples: [CalibrationSample] = []
        var lineNumber = 0
        for line in bytes.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            samples.append(try parse(line: line, path: path, number: lineNumber))
        }
        guard !samples.isEmpty else { throw .badFile(path: path, reason: "no samples") }
        return samples
    }

    private static func parse(line: ArraySlice<UInt8>, path: String, number: Int) throws(CalibrationError) -> CalibrationSample {
        func fail(_ reason: String) -> CalibrationError { .badLine(path: path, line: number, reason: reason) }
        let value: JSON
        do {
            value = try JSON.parse(line, maxDepth: 32)
        } catch {
            throw fail("not valid JSON (\(error))")
        }
        guard let object = value.objectValue else { throw fail("expected an object like {\"score\": 0.83, \"correct\": true}") }
        guard let scoreValue = object["score"] else { throw fail("missing \"score\"") }
        guard let score = scoreValue.doubleValue else { throw fail("\"score\" must be a number") }
        guard score >= 0, score <= 1 else { throw fail("score \(score) is not a probability in 0…1") }
        var outcome: Bool?
        switch object["correct"] {
        case nil, .null?: break
        case .bool(let correct)?: outcome = correct
        default: throw fail("\"correct\" must be true or false")
        }
        if let label = object["label"], !label.isNull {
            let fromLabel: Bool
            switch label {
            case .bool(let value): fromLabel = value
            case .number where label.intValue == 0: fromLabel = false
            case .number where label.intValue == 1: fromLabel = true
            default: throw fail("\"label\" must be 0 or 1")
            }
            if let outcome, outcome != fromLabel { throw fail("\"correct\" and \"label\" disagree") }
            outcome = fromLabel
        }
        guard let outcome else { throw fail("missing \"correct\" (true/false) or \"label\" (0/1)") }
        return CalibrationSample(score: score, correct: outcome)
    }
}
