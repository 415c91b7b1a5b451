import Foundation
import ParapetConfidence
import Testing

@Suite("Calibrators")
struct CalibratorTests {
    static let calibrators: [Calibrator] = [
        .identity,
        .temperature(2.5),
        .platt(a: -3, b: 1.2),
        .isotonic(thresholds: [0.1, 0.5, 0.9], values: [0.05, 0.4, 0.7]),
        // Malformed by hand: calibrate must still be total.
        .temperature(0), .temperature(-1), .temperature(.nan), .temperature(.infinity),
        .platt(a: .nan, b: 0), .platt(a: .infinity, b: -.infinity), .platt(a: 0, b: 0),
        .isotonic(thresholds: [], values: []),
        .isotonic(thresholds: [0.5], values: [2]),
        .isotonic(thresholds: [0.9, 0.1, 0.5], values: [0.1]),
        .isotonic(thresholds: [0.5, 0.5], values: [0.2, .nan]),
    ]

    static let inputs: [Double] = [0, 1, 0.5, 1e-300, 1 - 1e-16, -1, 2, .nan, .infinity, -.infinity, .leastNonzeroMagnitude]

    @Test(arguments: calibrators)
    func calibrateIsTotal(calibrator: Calibrator) {
        for input in Self.inputs {
            let output = calibrator.calibrate(input)
            #expect(output >= 0 && output <= 1, "\(calibrator) at \(input) gave \(output)")
        }
        #expect(calibrator.calibrate(.nan) == 0)
    }

    @Test func isotonicInterpolatesAndClips() {
        let calibrator = Calibrator.isotonic(thresholds: [0.2, 0.6, 1.0], values: [0.1, 0.5, 0.9])
        #expect(calibrator.calibrate(0) == 0.1)
        #expect(calibrator.calibrate(0.2) == 0.1)
        #expect(abs(calibrator.calibrate(0.4) - 0.3) < 1e-15)
        #expect(abs(calibrator.calibrate(0.8) - 0.7) < 1e-15)
        #expect(calibrator.calibrate(1) == 0.9)
        #expect(Calibrator.isotonic(thresholds: [0.3], values: [0.25]).calibrate(0.9) == 0.25)
    }

    @Test func plattAndTemperatureFormulas() {
        #expect(abs(Calibrator.platt(a: -2, b: 1).calibrate(0.75) - 1 / (1 + exp(-0.5))) < 1e-15)
        let logit = log(0.9 + 1e-12) - log(0.1 + 1e-12)
        #expect(abs(Calibrator.temperature(3).calibrate(0.9) - 1 / (1 + exp(-logit / 3))) < 1e-15)
        #expect(Calibrator.temperature(1).calibrate(1) > 0.999_999_999)
        #expect(abs(Calibrator.temperature(7).calibrate(0.5) - 0.5) < 1e-15)
    }

    @Test(arguments: calibrators.prefix(4))
    func filesRoundTrip(calibrator: Calibrator) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("calibrator-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try calibrator.write(to: url)
        #expect(try Calibrator.load(contentsOf: url) == calibrator)
    }

    @Test func fittedCalibratorsRoundTripExactly() throws {
        let samples = (0..<200).map { CalibrationSample(score: Double($0 % 97) / 96, correct: $0 % 3 != 0) }
        for method in CalibrationMethod.allCases {
            let calibrator = try CalibrationFit.fit(method, samples: samples)
            let url = FileManager.default.temporaryDirectory.appendingPathComponent("calibrator-\(UUID().uuidString).json")
            defer { try? FileManager.default.removeItem(at: url) }
            try calibrator.write(to: url)
            #expect(try Calibrator.load(contentsOf: url) == calibrator, "\(method)")
        }
    }

    @Test(arguments: [
        ("", "not a JSON object"),
        ("[1, 2]", "not a JSON object"),
        ("{\"method\": \"magic\"}", "unknown method \"magic\" (expected one of: identity, isotonic, platt, temperature)"),
        ("{\"a\": 1}", "missing member \"method\""),
        ("{\"method\": \"platt\", \"a\": 1}", "missing member \"b\""),
        ("{\"method\": \"platt\", \"a\": \"x\", \"b\": 1}", "a: expected a number"),
        ("{\"method\": \"temperature\", \"temperature\": 0}", "temperature must be positive"),
        ("{\"method\": \"temperature\", \"temperature\": 2, \"extra\": 1}", "unknown member \"extra\""),
        ("{\"method\": \"isotonic\", \"thresholds\": [0.1, 0.2], \"values\": [0.5]}", "same length"),
        ("{\"method\": \"isotonic\", \"thresholds\": [0.3, 0.2], \"values\": [0.1, 0.5]}", "thresholds must be increasing"),
        ("{\"method\": \"isotonic\", \"thresholds\": [0.1, 0.2], \"values\": [0.5, 0.1]}", "values must not decrease"),
        ("{\"method\": \"isotonic\", \"thresholds\": [0.1, 0.2], \"values\": [0.5, 1.5]}", "probabilities in 0…1"),
        ("{\"method\": \"isotonic\", \"thresholds\": [], \"values\": []}", "must not be empty"),
    ])
    func badFilesGiveClearErrors(contents: String, message: String) throws {
        let url = FileManager.default.temporaryDirectory.appendingPathComponent("bad-\(UUID().uuidString).json")
        defer { try? FileManager.default.removeItem(at: url) }
        try Data(contents.utf8).write(to: url)
        do {
            _ = try Calibrator.load(contentsOf: url)
            Issue.record("loaded \(contents)")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix(url.path + ": "), "\(text)")
            #expect(text.contains(message), "\(text)")
        }
    }

    @Test func missingFile() {
        let url = URL(fileURLWithPath: "/nonexistent/calibrator.json")
        #expect(throws: CalibrationError.self) { try Calibrator.load(contentsOf: url) }
    }

    @Test func fittingRejectsBadSamples() {
        #expect(throws: CalibrationError.noSamples) { try CalibrationFit.fit(.platt, samples: []) }
        #expect(throws: CalibrationError.self) {
            try CalibrationFit.fit(.temperature, samples: [.init(score: .nan, correct: true)])
        }
        for bad in [-0.1, 1.5, .infinity, -.infinity] {
            #expect(throws: CalibrationError.badScore(index: 1, score: bad)) {
                try CalibrationFit.fit(.isotonic, samples: [.init(score: 0.5, correct: true), .init(score: bad, correct: false)])
            }
        }
        #expect(CalibrationError.badScore(index: 1, score: 1.5).description == "sample 2: score 1.5 is not a probability in 0…1")
    }

    @Test(arguments: CalibrationMethod.allCases)
    func degenerateSamplesFitSomethingSane(method: CalibrationMethod) throws {
        let sets: [[CalibrationSample]] = [
            [.init(score: 0.7, correct: true)],
            Array(repeating: .init(score: 0.7, correct: true), count: 50),
            Array(repeating: .init(score: 0.7, correct: false), count: 50),
            (0..<50).map { .init(score: 0.7, correct: $0 % 2 == 0) },
            (0..<50).map { .init(score: 0.5, correct: $0 % 2 == 0) },
            (0..<50).map { .init(score: $0 % 2 == 0 ? 0 : 1, correct: $0 % 2 == 0) },
            (0..<101).map { .init(score: Double($0) / 100, correct: true) },
        ]
        for samples in sets {
            let calibrator = try CalibrationFit.fit(method, samples: samples)
            for x in stride(from: 0.0, through: 1.0, by: 0.05) {
                let y = calibrator.calibrate(x)
                #expect(y >= 0 && y <= 1 && !y.isNaN, "\(method) \(calibrator) at \(x)")
            }
        }
    }

    @Test func isotonicTiesAreAveragedLikeSklearn() throws {
        // Ties at 0.5 average to 2/3; the violator at 0.6 pools with them.
        let samples: [CalibrationSample] = [
            .init(score: 0.2, correct: false), .init(score: 0.5, correct: true), .init(score: 0.5, correct: false),
            .init(score: 0.5, correct: true), .init(score: 0.6, correct: false), .init(score: 0.9, correct: true),
        ]
        let calibrator = try CalibrationFit.fit(.isotonic, samples: samples)
        #expect(calibrator == .isotonic(thresholds: [0.2, 0.5, 0.6, 0.9], values: [0, 0.5, 0.5, 1]))
    }
}
