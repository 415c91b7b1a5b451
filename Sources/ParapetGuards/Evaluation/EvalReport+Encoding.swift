// Derived metrics (precision, recall, …) are computed properties; these encoders write them into
// `parapet eval --json` output beside the counts they come from.

extension EvalReport.Scores {
    private enum Derived: String, CodingKey { case precision, recall, f1, fpr }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(truePositives, forKey: .truePositives)
        try c.encode(falsePositives, forKey: .falsePositives)
        try c.encode(trueNegatives, forKey: .trueNegatives)
        try c.encode(falseNegatives, forKey: .falseNegatives)
        var d = encoder.container(keyedBy: Derived.self)
        try d.encode(precision, forKey: .precision)
        try d.encode(recall, forKey: .recall)
        try d.encode(f1, forKey: .f1)
        try d.encode(falsePositiveRate, forKey: .fpr)
    }
}

extension EvalReport.SpanScores {
    private enum Keys: String, CodingKey { case type, predictions, matchedPredictions = "matched_predictions", gold, matchedGold = "matched_gold", precision, recall, f1 }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(type, forKey: .type)
        try c.encode(predictions, forKey: .predictions)
        try c.encode(matchedPredictions, forKey: .matchedPredictions)
        try c.encode(gold, forKey: .gold)
        try c.encode(matchedGold, forKey: .matchedGold)
        try c.encode(precision, forKey: .precision)
        try c.encode(recall, forKey: .recall)
        try c.encode(f1, forKey: .f1)
    }
}

extension EvalReport.DatasetCategory {
    private enum Keys: String, CodingKey { case category, positive, rows, flagged, rate }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(category, forKey: .category)
        try c.encode(positive, forKey: .positive)
        try c.encode(rows, forKey: .rows)
        try c.encode(flagged, forKey: .flagged)
        try c.encode(rate, forKey: .rate)
    }
}

extension EvalReport.FindingCategory {
    private enum Keys: String, CodingKey { case category, onPositive = "on_positive", onNegative = "on_negative", precision }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(category, forKey: .category)
        try c.encode(onPositive, forKey: .onPositive)
        try c.encode(onNegative, forKey: .onNegative)
        try c.encode(precision, forKey: .precision)
    }
}

extension EvalReport.PII {
    private enum Keys: String, CodingKey { case byType = "by_type", benignRows = "benign_rows", benignRowsFlagged = "benign_rows_flagged", benignFalsePositiveRate = "benign_fpr", notDetected = "not_detected" }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: Keys.self)
        try c.encode(byType, forKey: .byType)
        try c.encode(benignRows, forKey: .benignRows)
        try c.encode(benignRowsFlagged, forKey: .benignRowsFlagged)
        try c.encode(benignFalsePositiveRate, forKey: .benignFalsePositiveRate)
        try c.encode(notDetected, forKey: .notDetected)
    }
}
