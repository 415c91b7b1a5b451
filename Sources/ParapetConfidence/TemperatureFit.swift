import Foundation

/// Temperature scaling of binary probabilities as scikit-learn's `_TemperatureScaling` fits it.
enum TemperatureFit {
    /// sklearn's search range for β: log β in [-10, 10].
    static let lowest = exp(-10.0)
    static let highest = exp(10.0)

    /// β minimising the log loss of sigmoid(β·logit(score)); 1 when every logit is 0 (the loss
    /// does not depend on β).
    static func inverseTemperature(_ samples: [CalibrationSample]) -> Double {
        let logits = samples.map { Logistic.logit($0.score) }
        let labels = samples.map { $0.correct ? 1.0 : 0.0 }
        guard logits.contains(where: { $0 != 0 }) else { return 1 }
        // The loss is convex in β: find where its derivative crosses zero.
        func derivative(_ beta: Double) -> (value: Double, slope: Double) {
            var value = 0.0
            var slope = 0.0
            for (z, y) in zip(logits, labels) {
                let p = Logistic.sigmoid(beta * z)
                value += (p - y) * z
                slope += p * (1 - p) * z * z
            }
            return (value, slope)
        }
        var low = lowest
        var high = highest
        if derivative(low).value >= 0 { return low }
        if derivative(high).value <= 0 { return high }
        var beta = 1.0
        for _ in 0..<300 {
            let (value, slope) = derivative(beta)
            if value == 0 { return beta }
            if value < 0 { low = beta } else { high = beta }
            if high - low <= 4 * Double.ulpOfOne * beta { break }
            let newton = beta - value / slope
            beta = (slope > 0 && newton > low && newton < high) ? newton : (low + high) / 2
            if beta == low || beta == high { break }
        }
        return beta
    }
}
