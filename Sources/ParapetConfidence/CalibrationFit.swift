/// Fits calibrators to labelled samples, with the definitions of scikit-learn 1.9 (checked
/// against its output to 1e-6 by the fixtures in `Tests/ParapetConfidenceTests/Fixtures`):
///
/// - `isotonic`: `IsotonicRegression(out_of_bounds="clip", y_min=0, y_max=1)`; samples sorted by
///   score then label, scores within 1e-15 of a group's first score pooled with their mean
///   label and summed weight (sklearn's `_make_unique`), pool-adjacent-violators, then interior
///   points whose value equals both neighbours dropped.
/// - `platt`: `_sigmoid_calibration` (what `CalibratedClassifierCV(method="sigmoid")` fits): the
///   raw score f, Platt's prior-corrected targets (N₊+1)/(N₊+2) and 1/(N₋+2), and A, B
///   minimising the cross-entropy of P = 1/(1+exp(A·f+B)). Solved by Newton's method with
///   backtracking to a gradient of 1e-12 (sklearn's L-BFGS-B stops at 1e-6).
/// - `temperature`: `CalibratedClassifierCV(method="temperature")` for a binary probability: the
///   inverse temperature β in [e⁻¹⁰, e¹⁰] minimising the log loss of sigmoid(β·logit(p)),
///   found as the root of the loss's derivative (the loss is convex in β) by safeguarded
///   Newton–bisection; T = 1/β.
public enum CalibrationFit {
    /// Fits `method` to `samples`. Throws `CalibrationError` when there are no samples or a
    /// score is not a finite probability in 0…1.
    public static func fit(_ method: CalibrationMethod, samples: [CalibrationSample]) throws(CalibrationError) -> Calibrator {
        guard !samples.isEmpty else { throw .noSamples }
        for (index, sample) in samples.enumerated() where !(sample.score >= 0 && sample.score <= 1) {
            throw .badScore(index: index, score: sample.score)
        }
        switch method {
        case .isotonic:
            let (thresholds, values) = IsotonicFit.fit(samples)
            return .isotonic(thresholds: thresholds, values: values)
        case .platt:
            let (a, b) = PlattFit.fit(samples)
            return .platt(a: a, b: b)
        case .temperature:
            return .temperature(1 / TemperatureFit.inverseTemperature(samples))
        }
    }
}
