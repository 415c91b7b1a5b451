import Foundation
import ParapetConfidence

/// A fixture written by `scripts/calibration-fixtures.py`: data, and what scikit-learn fitted and
/// measured on it.
struct Fixture: Decodable {
    struct Split: Decodable {
        var scores: [Double]
        var labels: [Int]
        var samples: [CalibrationSample] { zip(scores, labels).map { CalibrationSample(score: $0, correct: $1 == 1) } }
    }
    struct Isotonic: Decodable {
        var thresholds: [Double]
        var values: [Double]
        var grid_predictions: [Double]
        var test_predictions: [Double]
    }
    struct Platt: Decodable {
        var a: Double
        var b: Double
        var sklearn_a: Double
        var sklearn_b: Double
        var grid_predictions: [Double]
        var sklearn_grid_predictions: [Double]
        var test_predictions: [Double]
    }
    struct Temperature: Decodable {
        var temperature: Double
        var sklearn_temperature: Double
        var grid_predictions: [Double]
        var sklearn_grid_predictions: [Double]
        var test_predictions: [Double]
    }
    struct Metrics: Decodable {
        var prob_true: [Double]
        var prob_pred: [Double]
        var bin_counts: [Int]
        var ece: Double
        var mce: Double
        var brier: Double
        var log_loss: Double
        var count: Int
    }

    var name: String
    var bins: Int
    var train: Split
    var test: Split
    var grid: [Double]
    var isotonic: Isotonic
    var platt: Platt
    var temperature: Temperature
    var metrics: [String: Metrics]

    static let names = ["well-behaved", "overconfident"]

    static func load(_ name: String) throws -> Fixture {
        guard let url = Bundle.module.url(forResource: name, withExtension: "json", subdirectory: "Fixtures") else {
            throw CocoaError(.fileNoSuchFile, userInfo: [NSFilePathErrorKey: "Fixtures/\(name).json"])
        }
        return try JSONDecoder().decode(Fixture.self, from: Data(contentsOf: url))
    }

    func metrics(_ key: String) throws -> Metrics {
        guard let value = metrics[key] else { throw CocoaError(.coderValueNotFound) }
        return value
    }
}

/// The largest absolute difference, or infinity when the lengths differ.
func maxDifference(_ lhs: [Double], _ rhs: [Double]) -> Double {
    guard lhs.count == rhs.count else { return .infinity }
    return zip(lhs, rhs).map { abs($0 - $1) }.max() ?? 0
}
