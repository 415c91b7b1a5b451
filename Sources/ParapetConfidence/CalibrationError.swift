/// Why a calibrator could not be fitted, read or written. The description is a complete message
/// for a person (it names the file or the offending sample).
public struct CalibrationError: Error, Sendable, Equatable, CustomStringConvertible {
    private enum Kind: Sendable, Equatable {
        case noSamples
        case badScore(index: Int, score: Double)
        case badFile(path: String, reason: String)
        case badLine(path: String, line: Int, reason: String)
    }

    private let kind: Kind

    private init(_ kind: Kind) { self.kind = kind }

    /// Fitting needs at least one sample.
    public static let noSamples = CalibrationError(.noSamples)

    /// Sample `index` (0-based) has a score that is not a probability in 0…1.
    public static func badScore(index: Int, score: Double) -> CalibrationError {
        CalibrationError(.badScore(index: index, score: score))
    }

    /// The calibrator file at `path` cannot be used, and why.
    public static func badFile(path: String, reason: String) -> CalibrationError {
        CalibrationError(.badFile(path: path, reason: reason))
    }

    /// Line `line` (1-based) of the samples file at `path` cannot be read, and why.
    public static func badLine(path: String, line: Int, reason: String) -> CalibrationError {
        CalibrationError(.badLine(path: path, line: line, reason: reason))
    }

    /// The message for a person.
    public var description: String {
        switch kind {
        case .noSamples: "no samples to fit a calibrator on"
        case .badScore(let index, let score): "sample \(index + 1): score \(score) is not a probability in 0…1"
        case .badFile(let path, let reason): "\(path): \(reason)"
        case .badLine(let path, let line, let reason): "\(path):\(line): \(reason)"
        }
    }
}
