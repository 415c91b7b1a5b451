/// The result of `parapet eval`: quality and speed of a pipeline on a labelled file.
public struct EvalReport: Sendable, Codable {
    public var file: String
    public var rows: Int
    public var latency: Latency
    public var classification: Classification?
    public var pii: PII?

    public struct Latency: Sendable, Codable {
        public var p50Microseconds: Double
        public var p99Microseconds: Double
        public var recordsPerSecond: Double
        public var megabytesPerSecond: Double

        enum CodingKeys: String, CodingKey {
            case p50Microseconds = "p50_us"
            case p99Microseconds = "p99_us"
            case recordsPerSecond = "records_per_second"
            case megabytesPerSecond = "mb_per_second"
        }
    }

    /// Precision, recall, F1 and false-positive rate from confusion counts.
    public struct Scores: Sendable, Codable {
        public var truePositives = 0
        public var falsePositives = 0
        public var trueNegatives = 0
        public var falseNegatives = 0

        public var precision: Double { ratio(truePositives, truePositives + falsePositives) }
        public var recall: Double { ratio(truePositives, truePositives + falseNegatives) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }
        public var falsePositiveRate: Double { ratio(falsePositives, falsePositives + trueNegatives) }

        public init() {}

        enum CodingKeys: String, CodingKey {
            case truePositives = "tp"
            case falsePositives = "fp"
            case trueNegatives = "tn"
            case falseNegatives = "fn"
        }
    }

    /// Attack/benign style files.
    public struct Classification: Sendable, Codable {
        /// The category group whose findings count as "flagged" (`injection`, `harm`).
        public var group: String
        public var overall: Scores
        /// Per dataset category: rows and how many were flagged (recall for attack categories,
        /// false-positive rate for benign ones).
        public var byDatasetCategory: [DatasetCategory]
        /// Per finding category: how often it fired on positive and on negative rows.
        public var byFindingCategory: [FindingCategory]
    }

    public struct DatasetCategory: Sendable, Codable {
        public var category: String
        public var positive: Bool
        public var rows: Int
        public var flagged: Int
        public var rate: Double { ratio(flagged, rows) }
    }

    public struct FindingCategory: Sendable, Codable {
        public var category: String
        public var onPositive: Int
        public var onNegative: Int
        public var precision: Double { ratio(onPositive, onPositive + onNegative) }
    }

    /// Span-labelled PII files.
    public struct PII: Sendable, Codable {
        public var byType: [SpanScores]
        /// Rows whose label list is empty, and how many got any finding of a checked type.
        public var benignRows: Int
        public var benignRowsFlagged: Int
        public var benignFalsePositiveRate: Double { ratio(benignRowsFlagged, benignRows) }
        /// Labelled types no detector reports, with their gold-span counts.
        public var notDetected: [String: Int]
    }

    /// Span matching: a prediction matches when it overlaps a gold span of the same type.
    public struct SpanScores: Sendable, Codable {
        public var type: String
        public var predictions = 0
        public var matchedPredictions = 0
        public var gold = 0
        public var matchedGold = 0
        public var precision: Double { ratio(matchedPredictions, predictions) }
        public var recall: Double { ratio(matchedGold, gold) }
        public var f1: Double { precision + recall == 0 ? 0 : 2 * precision * recall / (precision + recall) }

        public init(type: String) { self.type = type }
    }
}

private func ratio(_ a: Int, _ b: Int) -> Double { b == 0 ? 0 : Double(a) / Double(b) }
