import Foundation

/// One equal-width bin of a reliability diagram.
public struct ReliabilityBin: Sendable, Equatable {
    /// The bin's lower edge.
    public var lower: Double
    /// The bin's upper edge.
    public var upper: Double
    /// How many samples fell in it.
    public var count: Int
    /// Their mean score (confidence); 0 for an empty bin.
    public var meanScore: Double
    /// The fraction of them that were correct (accuracy); 0 for an empty bin.
    public var fractionCorrect: Double

    /// A bin with these edges and statistics.
    public init(lower: Double, upper: Double, count: Int, meanScore: Double, fractionCorrect: Double) {
        self.lower = lower
        self.upper = upper
        self.count = count
        self.meanScore = meanScore
        self.fractionCorrect = fractionCorrect
    }

    /// |fraction correct − mean score|: the bin's calibration gap.
    public var gap: Double { abs(fractionCorrect - meanScore) }
}

/// How well scores match outcomes, with the definitions of scikit-learn:
/// - bins as `calibration_curve(strategy="uniform")`: edges `k/binCount` computed as
///   `numpy.linspace` does, a score on an interior edge in the lower bin (the first bin is
///   closed: [0, e₁], then (e₁, e₂], …);
/// - `ece` = Σ over bins of count/n · |fraction correct − mean score|, `maximumCalibrationError`
///   the largest gap over non-empty bins;
/// - `brier` = mean (score − label)², as `brier_score_loss`;
/// - `logLoss` = mean cross-entropy with scores clipped to [ε, 1−ε], ε = 2.2e-16, as `log_loss`.
public struct CalibrationMetrics: Sendable {
    /// How many samples were measured.
    public var count: Int
    /// Expected calibration error.
    public var ece: Double
    /// Maximum calibration error (over non-empty bins).
    public var maximumCalibrationError: Double
    /// Brier score.
    public var brier: Double
    /// Log loss (cross-entropy).
    public var logLoss: Double
    /// Every bin, empty ones included, lowest first.
    public var bins: [ReliabilityBin]

    /// The most bins a measurement uses; more are clamped to this.
    public static let maximumBinCount = 10_000

    /// Measures `samples` with `binCount` equal-width bins (clamped to 1…`maximumBinCount`).
    /// Scores are clamped to 0…1 first (NaN as 0), like `Calibrator.calibrate`. With no samples
    /// every metric is 0 and every bin empty.
    public init(samples: [CalibrationSample], binCount: Int = 10) {
        let binCount = min(max(binCount, 1), Self.maximumBinCount)
        let step = 1.0 / Double(binCount)
        // numpy.linspace(0, 1, n + 1): k * (1/n), and the last edge exactly 1.
        let edges = (0...binCount).map { $0 == binCount ? 1.0 : Double($0) * step }
        var sums = [Double](repeating: 0, count: binCount)
        var positives = [Double](repeating: 0, count: binCount)
        var counts = [Int](repeating: 0, count: binCount)
        var brierSum = 0.0
        var logLossSum = 0.0
        let epsilon = Double.ulpOfOne
        for sample in samples {
            let score = Probability.clamped(sample.score)
            let label = sample.correct ? 1.0 : 0.0
            let bin = Self.bin(of: score, edges: edges)
            sums[bin] += score
            positives[bin] += label
            counts[bin] += 1
            brierSum += (score - label) * (score - label)
            let probability = sample.correct ? score : 1 - score
            logLossSum -= log(min(max(probability, epsilon), 1 - epsilon))
        }
        let n = Double(samples.count)
        var bins: [ReliabilityBin] = []
        bins.reserveCapacity(binCount)
        var ece = 0.0
        var mce = 0.0
        for index in 0..<binCount {
            let count = counts[index]
            let bin = ReliabilityBin(
                lower: edges[index], upper: edges[index + 1], count: count,
                meanScore: count > 0 ? sums[index] / Double(count) : 0,
                fractionCorrect: count > 0 ? positives[index] / Double(count) : 0)
            if count > 0 {
                ece += Double(count) / n * bin.gap
                mce = max(mce, bin.gap)
            }
            bins.append(bin)
        }
        self.count = samples.count
        self.ece = ece
        self.maximumCalibrationError = mce
        self.brier = samples.isEmpty ? 0 : brierSum / n
        self.logLoss = samples.isEmpty ? 0 : logLossSum / n
        self.bins = bins
    }

    /// The reliability curve of the non-empty bins, as `calibration_curve` returns it:
    /// (mean score, fraction correct) per bin.
    public var curve: [(meanScore: Double, fractionCorrect: Double)] {
        bins.filter { $0.count > 0 }.map { ($0.meanScore, $0.fractionCorrect) }
    }

    /// `numpy.searchsorted(edges[1:-1], score)` (side "left"): the number of interior edges
    /// below the score.
    static func bin(of score: Double, edges: [Double]) -> Int {
        var low = 1
        var high = edges.count - 1
        while low < high {
            let middle = (low + high) / 2
            if edges[middle] < score { low = middle + 1 } else { high = middle }
        }
        return low - 1
    }
}
