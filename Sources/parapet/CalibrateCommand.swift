import ArgumentParser
import Foundation
import ParapetConfidence

struct CalibrateCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "calibrate",
        abstract: "Fit a confidence calibrator to labelled scores and draw its reliability diagram.",
        discussion: """
            FILE is JSON Lines, one sample per line: {"score": 0.83, "correct": true} (or \
            "label": 0|1). The score is a raw confidence in 0…1 (from logprobs or a judge); the \
            outcome says whether that answer was right. Prints ECE, MCE, Brier score and log loss \
            before and after calibration, writes the calibrator as JSON (for the gateway) and an SVG \
            reliability diagram. Without --test the "after" numbers are measured on the samples the \
            calibrator was fitted on, which flatters isotonic regression; pass held-out samples \
            with --test for an honest estimate.
            """
    )

    @Argument(help: "A JSONL file of {\"score\": …, \"correct\": …} samples.")
    var file: String

    @Option(name: .long, help: "The calibration method.")
    var method: CalibrationMethodArgument

    @Option(name: .long, help: "Where to write the calibrator (JSON).")
    var out: String

    @Option(name: .long, help: "Equal-width bins for ECE, MCE and the diagram (1…1000).")
    var bins = 10

    @Option(name: .long, help: "Where to write the reliability diagram (default: --out with the extension .svg).")
    var svg: String?

    @Option(name: .long, help: "Held-out samples (same format) to measure before and after on, instead of FILE.")
    var test: String?

    func validate() throws {
        guard (1...1000).contains(bins) else { throw ValidationError("--bins must be between 1 and 1000, not \(bins)") }
    }

    func run() throws {
        let samples = try Self.loadSamples(file)
        let evaluation = try test.map(Self.loadSamples) ?? samples
        let calibrator: Calibrator
        do {
            calibrator = try CalibrationFit.fit(method.method, samples: samples)
        } catch {
            throw UsageError("\(file): \(error)")
        }
        let before = CalibrationMetrics(samples: evaluation, binCount: bins)
        let after = CalibrationMetrics(
            samples: evaluation.map { CalibrationSample(score: calibrator.calibrate($0.score), correct: $0.correct) },
            binCount: bins)
        let svgPath = svg ?? Self.svgPath(besides: out)
        let title = "\(method.method.rawValue) calibration of \(URL(fileURLWithPath: file).lastPathComponent)"
        do {
            try calibrator.write(to: URL(fileURLWithPath: out))
        } catch {
            throw UsageError("cannot write \(out): \(error.localizedDescription)")
        }
        do {
            try Data(ReliabilityDiagram.svg(before: before, after: after, title: title).utf8)
                .write(to: URL(fileURLWithPath: svgPath), options: .atomic)
        } catch {
            throw UsageError("cannot write \(svgPath): \(error.localizedDescription)")
        }
        print(Self.report(
            before: before, after: after, fitted: samples.count, method: method.method,
            measuredOn: test ?? "\(file) (the fitting samples)", calibrator: calibrator, out: out, svg: svgPath))
    }

    /// `out` with its extension (if its last component has one) replaced by `.svg`.
    static func svgPath(besides out: String) -> String {
        let name = out.lastIndex(of: "/").map { out.index(after: $0) } ?? out.startIndex
        guard let dot = out[name...].lastIndex(of: "."), dot > name else { return out + ".svg" }
        return out[..<dot] + ".svg"
    }

    static func loadSamples(_ path: String) throws -> [CalibrationSample] {
        guard let data = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read \(path)") }
        do {
            return try CalibrationSample.parseJSONLines(Array(data), path: path)
        } catch {
            throw UsageError(error.description)
        }
    }

    static func report(
        before: CalibrationMetrics, after: CalibrationMetrics, fitted: Int, method: CalibrationMethod,
        measuredOn: String, calibrator: Calibrator, out: String, svg: String
    ) -> String {
        var lines = ["Fitted \(method.rawValue) on \(fitted) samples; measured on \(measuredOn), \(before.bins.count) bins.", ""]
        lines.append("metric".padding(10) + "before".leftPad(9) + "after".leftPad(9))
        let rows: [(String, Double, Double)] = [
            ("ECE", before.ece, after.ece),
            ("MCE", before.maximumCalibrationError, after.maximumCalibrationError),
            ("Brier", before.brier, after.brier),
            ("log loss", before.logLoss, after.logLoss),
        ]
        for (name, beforeValue, afterValue) in rows {
            lines.append(name.padding(10) + decimals(beforeValue).leftPad(9) + decimals(afterValue).leftPad(9))
        }
        lines.append("n".padding(10) + "\(before.count)".leftPad(9) + "\(after.count)".leftPad(9))
        lines.append("")
        lines.append("calibrator: \(summary(calibrator))")
        lines.append("wrote \(out)")
        lines.append("wrote \(svg)")
        return lines.joined(separator: "\n")
    }

    static func summary(_ calibrator: Calibrator) -> String {
        switch calibrator {
        case .identity: "identity"
        case .temperature(let temperature): "temperature T = \(decimals(temperature, 6))"
        case .platt(let a, let b): "Platt P = 1 / (1 + exp(\(decimals(a, 6)) * score + \(decimals(b, 6))))"
        case .isotonic(let thresholds, _): "isotonic, \(thresholds.count) thresholds"
        }
    }

    /// `value` rounded to `places` decimals, padded with zeros.
    static func decimals(_ value: Double, _ places: Int = 4) -> String {
        guard value.isFinite else { return "\(value)" }
        var scale = 1.0
        for _ in 0..<places { scale *= 10 }
        let scaled = (abs(value) * scale).rounded()
        guard scaled < 1e15 else { return "\(value)" }
        let digits = String(Int(scaled))
        let padded = String(repeating: "0", count: max(0, places + 1 - digits.count)) + digits
        let sign = value < 0 && scaled > 0 ? "-" : ""
        return sign + padded.dropLast(places) + (places > 0 ? "." + padded.suffix(places) : "")
    }
}

/// `--method` values.
struct CalibrationMethodArgument: ExpressibleByArgument {
    var method: CalibrationMethod

    init?(argument: String) {
        guard let method = CalibrationMethod(rawValue: argument) else { return nil }
        self.method = method
    }

    static var allValueStrings: [String] { CalibrationMethod.allCases.map(\.rawValue) }
}
