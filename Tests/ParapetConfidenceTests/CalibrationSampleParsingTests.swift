import ParapetConfidence
import Testing

@Suite("Calibration samples from JSON Lines")
struct CalibrationSampleParsingTests {
    @Test func readsBothOutcomeForms() throws {
        let text = """
            {"score": 0.83, "correct": true, "id": "a"}

            {"score": 0, "label": 0}\r
            {"score": 1, "label": 1.0, "correct": true}
            {"score": 0.5, "label": false, "correct": null}
            """
        let samples = try CalibrationSample.parseJSONLines(Array(text.utf8), path: "s.jsonl")
        #expect(samples == [.init(score: 0.83, correct: true), .init(score: 0, correct: false), .init(score: 1, correct: true), .init(score: 0.5, correct: false)])
    }

    @Test(arguments: [
        ("{\"score\": 0.5, \"correct\": true}\n{oops}\n", "s.jsonl:2: not valid JSON"),
        ("[0.5, true]", "s.jsonl:1: expected an object"),
        ("{\"correct\": true}", "s.jsonl:1: missing \"score\""),
        ("{\"score\": \"0.5\", \"correct\": true}", "s.jsonl:1: \"score\" must be a number"),
        ("{\"score\": 1.3, \"correct\": true}", "s.jsonl:1: score 1.3 is not a probability in 0…1"),
        ("{\"score\": -1e999, \"correct\": true}", "s.jsonl:1: score -inf is not a probability"),
        ("{\"score\": 0.5}", "s.jsonl:1: missing \"correct\" (true/false) or \"label\" (0/1)"),
        ("{\"score\": 0.5, \"label\": 2}", "s.jsonl:1: \"label\" must be 0 or 1"),
        ("{\"score\": 0.5, \"label\": \"1\"}", "s.jsonl:1: \"label\" must be 0 or 1"),
        ("{\"score\": 0.5, \"correct\": \"yes\"}", "s.jsonl:1: \"correct\" must be true or false"),
        ("{\"score\": 0.5, \"correct\": true, \"label\": 0}", "s.jsonl:1: \"correct\" and \"label\" disagree"),
        ("", "s.jsonl: no samples"),
        ("\n \n", "s.jsonl: no samples"),
        ("\u{FEFF}{\"score\": 0.5, \"label\": 1}", "s.jsonl:1: not valid JSON"),
    ])
    func badLinesNameTheLine(text: String, message: String) {
        do {
            _ = try CalibrationSample.parseJSONLines(Array(text.utf8), path: "s.jsonl")
            Issue.record("parsed \(text)")
        } catch {
            #expect(error.description.hasPrefix(message), "\(error.description)")
        }
    }

    @Test func deepOrHugeLinesFailCleanly() {
        let deep = String(repeating: "[", count: 100_000)
        #expect(throws: CalibrationError.self) { try CalibrationSample.parseJSONLines(Array(deep.utf8), path: "d") }
        let many = Array(repeating: "{\"score\": 0.25, \"label\": 1}", count: 20_000).joined(separator: "\n")
        #expect((try? CalibrationSample.parseJSONLines(Array(many.utf8), path: "m"))?.count == 20_000)
    }
}
