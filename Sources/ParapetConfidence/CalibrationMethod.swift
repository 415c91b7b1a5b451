/// How to fit a calibrator. The raw value is the name on the command line and in files.
public enum CalibrationMethod: String, Sendable, CaseIterable {
    /// Isotonic regression: a non-decreasing step-and-slope map. Flexible; needs a few hundred
    /// samples, or it overfits.
    case isotonic
    /// Platt scaling: a two-parameter sigmoid of the raw score. Robust with few samples.
    case platt
    /// Temperature scaling: one parameter that softens or sharpens the logit. Keeps the order
    /// and the 0.5 point of the scores.
    case temperature
}
