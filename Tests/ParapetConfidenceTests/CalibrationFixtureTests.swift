import Foundation
import ParapetConfidence
import Testing

/// Agreement with scikit-learn on the committed fixtures (see `scripts/calibration-fixtures.py`).
@Suite("Calibration matches scikit-learn")
struct CalibrationFixtureTests {
    static let tolerance = 1e-6

    @Test(arguments: Fixture.names)
    func isotonicMatchesSklearn(name: String) throws {
        let fixture = try Fixture.load(name)
        let calibrator = try CalibrationFit.fit(.isotonic, samples: fixture.train.samples)
        guard case .isotonic(let thresholds, let values) = calibrator else {
            Issue.record("expected an isotonic calibrator, got \(calibrator)")
            return
        }
        #expect(thresholds.count == fixture.isotonic.thresholds.count)
        #expect(maxDifference(thresholds, fixture.isotonic.thresholds) <= Self.tolerance)
        #expect(maxDifference(values, fixture.isotonic.values) <= Self.tolerance)
        #expect(maxDifference(fixture.grid.map(calibrator.calibrate), fixture.isotonic.grid_predictions) <= Self.tolerance)
        #expect(maxDifference(fixture.test.scores.map(calibrator.calibrate), fixture.isotonic.test_predictions) <= Self.tolerance)
    }

    @Test(arguments: Fixture.names)
    func plattMatchesSklearn(name: String) throws {
        let fixture = try Fixture.load(name)
        let calibrator = try CalibrationFit.fit(.platt, samples: fixture.train.samples)
        guard case .platt(let a, let b) = calibrator else {
            Issue.record("expected a Platt calibrator, got \(calibrator)")
            return
        }
        #expect(abs(a - fixture.platt.a) <= Self.tolerance, "A \(a) vs \(fixture.platt.a)")
        #expect(abs(b - fixture.platt.b) <= Self.tolerance, "B \(b) vs \(fixture.platt.b)")
        #expect(maxDifference(fixture.grid.map(calibrator.calibrate), fixture.platt.grid_predictions) <= Self.tolerance)
        #expect(maxDifference(fixture.test.scores.map(calibrator.calibrate), fixture.platt.test_predictions) <= Self.tolerance)
        // sklearn's own (looser) optimum is within its stopping tolerance of ours.
        #expect(maxDifference(fixture.grid.map(calibrator.calibrate), fixture.platt.sklearn_grid_predictions) <= 1e-5)
    }

    @Test(arguments: Fixture.names)
    func temperatureMatchesSklearn(name: String) throws {
        let fixture = try Fixture.load(name)
        let calibrator = try CalibrationFit.fit(.temperature, samples: fixture.train.samples)
        guard case .temperature(let temperature) = calibrator else {
            Issue.record("expected a temperature calibrator, got \(calibrator)")
            return
        }
        #expect(abs(temperature - fixture.temperature.temperature) <= Self.tolerance, "T \(temperature) vs \(fixture.temperature.temperature)")
        #expect(maxDifference(fixture.grid.map(calibrator.calibrate), fixture.temperature.grid_predictions) <= Self.tolerance)
        #expect(maxDifference(fixture.test.scores.map(calibrator.calibrate), fixture.temperature.test_predictions) <= Self.tolerance)
        #expect(maxDifference(fixture.grid.map(calibrator.calibrate), fixture.temperature.sklearn_grid_predictions) <= 1e-5)
    }

    @Test(arguments: Fixture.names)
    func metricsMatchSklearn(name: String) throws {
        let fixture = try Fixture.load(name)
        let isotonic = Calibrator.isotonic(thresholds: fixture.isotonic.thresholds, values: fixture.isotonic.values)
        let platt = Calibrator.platt(a: fixture.platt.a, b: fixture.platt.b)
        let temperature = Calibrator.temperature(fixture.temperature.temperature)
        let cases: [(String, [CalibrationSample])] = [
            ("train_uncalibrated", fixture.train.samples),
            ("test_uncalibrated", fixture.test.samples),
            ("test_isotonic", fixture.test.samples.map { .init(score: isotonic.calibrate($0.score), correct: $0.correct) }),
            ("test_platt", fixture.test.samples.map { .init(score: platt.calibrate($0.score), correct: $0.correct) }),
            ("test_temperature", fixture.test.samples.map { .init(score: temperature.calibrate($0.score), correct: $0.correct) }),
        ]
        for (key, samples) in cases {
            let expected = try fixture.metrics(key)
            let measured = CalibrationMetrics(samples: samples, binCount: fixture.bins)
            #expect(measured.count == expected.count, "\(key)")
            #expect(measured.bins.map(\.count) == expected.bin_counts, "\(key)")
            #expect(maxDifference(measured.curve.map(\.fractionCorrect), expected.prob_true) <= Self.tolerance, "\(key)")
            #expect(maxDifference(measured.curve.map(\.meanScore), expected.prob_pred) <= Self.tolerance, "\(key)")
            #expect(abs(measured.ece - expected.ece) <= Self.tolerance, "\(key) ECE")
            #expect(abs(measured.maximumCalibrationError - expected.mce) <= Self.tolerance, "\(key) MCE")
            #expect(abs(measured.brier - expected.brier) <= Self.tolerance, "\(key) Brier")
            #expect(abs(measured.logLoss - expected.log_loss) <= Self.tolerance, "\(key) log loss")
        }
    }

    /// The point of calibrating: on held-out data from the over-confident model, isotonic and
    /// Platt fitted on its training split at least halve the ECE.
    @Test(arguments: [CalibrationMethod.isotonic, .platt, .temperature])
    func calibratingTheOverconfidentModelHalvesItsECE(method: CalibrationMethod) throws {
        let fixture = try Fixture.load("overconfident")
        let calibrator = try CalibrationFit.fit(method, samples: fixture.train.samples)
        let before = CalibrationMetrics(samples: fixture.test.samples)
        let after = CalibrationMetrics(samples: fixture.test.samples.map { .init(score: calibrator.calibrate($0.score), correct: $0.correct) })
        #expect(before.ece > 0.2, "the fixture is over-confident")
        #expect(after.ece <= before.ece / 2, "\(method): ECE \(before.ece) -> \(after.ece)")
        #expect(after.brier < before.brier)
        #expect(after.logLoss < before.logLoss)
    }

    /// Fitted calibrators keep the order of scores (all three methods are monotone).
    @Test(arguments: [CalibrationMethod.isotonic, .platt, .temperature])
    func fittedCalibratorsAreMonotone(method: CalibrationMethod) throws {
        let fixture = try Fixture.load("overconfident")
        let calibrator = try CalibrationFit.fit(method, samples: fixture.train.samples)
        let outputs = stride(from: 0.0, through: 1.0, by: 0.001).map(calibrator.calibrate)
        #expect(zip(outputs, outputs.dropFirst()).allSatisfy { $0 <= $1 })
        #expect(outputs.allSatisfy { $0 >= 0 && $0 <= 1 })
    }
}
