import Foundation

/// A fitted map from a raw confidence score to a calibrated probability; pure and `Codable`, so
/// it is fitted offline (`parapet calibrate`), stored as JSON and loaded by the gateway.
///
/// Every case takes a probability in 0…1 and matches scikit-learn's calibrator of the same name
/// (see `CalibrationFit`):
/// - `platt` works on the **raw score** f, as `CalibratedClassifierCV(method="sigmoid")` does
///   for a classifier whose `decision_function` returns f: P = 1 / (1 + exp(a·f + b)).
/// - `temperature` works on the score's **logit** as sklearn computes it from probabilities,
///   log(p + 1e-12) − log(1 − p + 1e-12), so 0 and 1 stay finite: P = sigmoid(logit / T).
/// - `isotonic` interpolates linearly between `thresholds` (increasing scores) and `values`
///   (non-decreasing probabilities), clipping outside the fitted range, like
///   `IsotonicRegression(out_of_bounds="clip")`.
public enum Calibrator: Sendable, Equatable {
    /// The score as is (clamped to 0…1).
    case identity
    /// Temperature scaling with temperature T (> 1 softens over-confident scores).
    case temperature(Double)
    /// Platt scaling on the raw score: 1 / (1 + exp(a·score + b)).
    case platt(a: Double, b: Double)
    /// A piecewise-linear, non-decreasing map through (`thresholds[i]`, `values[i]`).
    case isotonic(thresholds: [Double], values: [Double])

    /// The calibrated probability of `score`. Total: the score is clamped to 0…1 first, NaN gives
    /// 0, and the result is always in 0…1, whatever the parameters.
    public func calibrate(_ score: Double) -> Double {
        guard !score.isNaN else { return 0 }
        let score = min(max(score, 0), 1)
        let result: Double
        switch self {
        case .identity:
            result = score
        case .temperature(let temperature):
            result = Logistic.sigmoid(Logistic.logit(score) / temperature)
        case .platt(let a, let b):
            result = Logistic.sigmoid(-(a * score + b))
        case .isotonic(let thresholds, let values):
            result = Self.interpolate(score, thresholds: thresholds, values: values)
        }
        return Probability.clamped(result)
    }

    /// Linear interpolation like `scipy.interpolate.interp1d` after clipping to the first and last
    /// threshold. Tolerates malformed tables (empty, unequal lengths, unsorted) without trapping.
    static func interpolate(_ x: Double, thresholds: [Double], values: [Double]) -> Double {
        let count = min(thresholds.count, values.count)
        guard count > 0 else { return x }
        guard count > 1, x > thresholds[0] else { return values[0] }
        guard x < thresholds[count - 1] else { return values[count - 1] }
        // The first threshold >= x; thresholds[0] < x guarantees upper >= 1.
        var low = 0
        var high = count - 1
        while low < high {
            let middle = (low + high) / 2
            if thresholds[middle] < x { low = middle + 1 } else { high = middle }
        }
        let upper = max(low, 1)
        let x0 = thresholds[upper - 1]
        let x1 = thresholds[upper]
        let y0 = values[upper - 1]
        let y1 = values[upper]
        guard x1 > x0 else { return y1 }
        // interp1d's operation order, so results agree to the last bit where possible.
        return (y1 - y0) / (x1 - x0) * (x - x0) + y0
    }
}

/// The logistic function and the logit sklearn uses for probabilities.
enum Logistic {
    /// sklearn's `_convert_to_logits` for a binary probability: log(p + ε) − log(1 − p + ε).
    static func logit(_ p: Double) -> Double {
        log(p + 1e-12) - log(1 - p + 1e-12)
    }

    /// 1 / (1 + exp(−x)), without overflow for large |x|.
    static func sigmoid(_ x: Double) -> Double {
        if x >= 0 { return 1 / (1 + exp(-x)) }
        let e = exp(x)
        return e / (1 + e)
    }

    /// log(1 + exp(x)), without overflow.
    static func softplus(_ x: Double) -> Double {
        x > 0 ? x + log1p(exp(-x)) : log1p(exp(x))
    }
}
