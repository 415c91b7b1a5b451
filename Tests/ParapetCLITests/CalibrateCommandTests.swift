import Foundation
import Testing

@Suite struct CalibrateCommandTests {
    /// An over-confident model: stated 0.95 but right half the time, stated 0.6 and right 40%.
    static let samples: String = {
        var lines: [String] = []
        for index in 0..<200 {
            lines.append(#"{"score": 0.95, "correct": \#(index % 2 == 0)}"#)
            lines.append(#"{"score": 0.6, "label": \#(index % 5 < 2 ? 1 : 0)}"#)
        }
        return lines.joined(separator: "\n") + "\n"
    }()

    @Test(arguments: ["isotonic", "platt", "temperature"])
    func fitsWritesAndReports(method: String) throws {
        let file = try CLIRunner.temporaryFile(Self.samples, suffix: ".jsonl")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("calibrator-\(UUID().uuidString).json")
        let svg = out.deletingPathExtension().appendingPathExtension("svg")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: svg)
        }
        let r = try CLIRunner.run(["calibrate", file, "--method", method, "--out", out.path, "--bins", "5"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("Fitted \(method) on 400 samples"))
        for row in ["ECE", "MCE", "Brier", "log loss", "n "] {
            #expect(r.stdout.contains("\n\(row)"), "\(row) missing from \(r.stdout)")
        }
        #expect(r.stdout.contains("wrote \(out.path)"))
        #expect(r.stdout.contains("wrote \(svg.path)"))
        let calibrator = try JSONSerialization.jsonObject(with: Data(contentsOf: out)) as? [String: Any]
        #expect(calibrator?["method"] as? String == method)
        let drawing = try String(contentsOf: svg, encoding: .utf8)
        #expect(drawing.hasPrefix("<svg"))
        // ECE before and after, read back from the table: calibration must help here.
        let ece = r.stdout.split(separator: "\n").first { $0.hasPrefix("ECE") }?.split(separator: " ").compactMap { Double($0) }
        #expect(ece?.count == 2)
        if let ece, ece.count == 2 { #expect(ece[1] < ece[0] / 2, "\(ece)") }
    }

    @Test func explicitSVGPathAndHeldOutSet() throws {
        let file = try CLIRunner.temporaryFile(Self.samples, suffix: ".jsonl")
        let test = try CLIRunner.temporaryFile(Self.samples, suffix: ".jsonl")
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("calibrator-\(UUID().uuidString).json")
        let svg = FileManager.default.temporaryDirectory.appendingPathComponent("diagram-\(UUID().uuidString).svg")
        defer {
            try? FileManager.default.removeItem(at: out)
            try? FileManager.default.removeItem(at: svg)
        }
        let r = try CLIRunner.run(["calibrate", file, "--method", "platt", "--out", out.path, "--svg", svg.path, "--test", test])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("measured on \(test)"))
        #expect(FileManager.default.fileExists(atPath: svg.path))
    }

    @Test func badInputExitsTwoWithTheLine() throws {
        let out = FileManager.default.temporaryDirectory.appendingPathComponent("calibrator-\(UUID().uuidString).json").path
        let badJSON = try CLIRunner.temporaryFile("{\"score\": 0.5, \"correct\": true}\n{nope}\n", suffix: ".jsonl")
        let r = try CLIRunner.run(["calibrate", badJSON, "--method", "isotonic", "--out", out])
        #expect(r.status == 2)
        #expect(r.stderr.contains("\(badJSON):2: not valid JSON"), "\(r.stderr)")
        let badScore = try CLIRunner.temporaryFile("{\"score\": 0.5, \"label\": 1}\n\n{\"score\": 1.5, \"label\": 0}\n", suffix: ".jsonl")
        let r2 = try CLIRunner.run(["calibrate", badScore, "--method", "platt", "--out", out])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains(":3: score 1.5 is not a probability"), "\(r2.stderr)")
        let missing = try CLIRunner.temporaryFile("{\"score\": 0.5}\n", suffix: ".jsonl")
        let r3 = try CLIRunner.run(["calibrate", missing, "--method", "platt", "--out", out])
        #expect(r3.status == 2)
        #expect(r3.stderr.contains(":1: missing \"correct\""), "\(r3.stderr)")
        #expect(CLIRunner.runStatus(["calibrate", missing, "--method", "magic", "--out", out]) == 2)
        #expect(CLIRunner.runStatus(["calibrate", missing, "--method", "platt", "--out", out, "--bins", "0"]) == 2)
        #expect(CLIRunner.runStatus(["calibrate", "/nonexistent.jsonl", "--method", "platt", "--out", out]) == 2)
        let good = try CLIRunner.temporaryFile(Self.samples, suffix: ".jsonl")
        let r4 = try CLIRunner.run(["calibrate", good, "--method", "platt", "--out", "/nonexistent-dir/calibrator.json"])
        #expect(r4.status == 2)
        #expect(r4.stderr.contains("cannot write /nonexistent-dir/calibrator.json"), "\(r4.stderr)")
        #expect(!FileManager.default.fileExists(atPath: out))
    }
}
