import Foundation
import Testing

@Suite struct EvalCommandTests {
    @Test func scoresAClassificationFile() throws {
        let policy = try CLIRunner.temporaryFile("topics: {bad: {keywords: [\"evil plan\"]}}\ncategories: {\"topic.*\": block}", suffix: ".yaml")
        let file = try CLIRunner.temporaryFile("""
            {"id": "1", "text": "my evil plan", "label": "harmful", "category": "x"}
            {"id": "2", "text": "a nice plan", "label": "harmful", "category": "x"}
            {"id": "3", "text": "a good day", "label": "safe", "category": "y"}
            """, suffix: ".jsonl")
        let r = try CLIRunner.run(["eval", "--json", "--policy", policy, file])
        #expect(r.status == 0, "\(r.stderr)")
        let report = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(report?["rows"] as? Int == 3)
        // The group for harmful files is harm.*; a topic finding does not count.
        let overall = (report?["classification"] as? [String: Any])?["overall"] as? [String: Any]
        #expect(overall?["fn"] as? Int == 2)
        #expect(overall?["tn"] as? Int == 1)
    }

    @Test func scoresAPIISpanFile() throws {
        let file = try CLIRunner.temporaryFile("""
            {"id": "1", "text": "Call Alice", "label": [{"type": "PERSON", "start": 5, "end": 10}], "checked_types": ["PERSON", "EMAIL"]}
            {"id": "2", "text": "nothing here", "label": [], "checked_types": ["EMAIL"]}
            """, suffix: ".jsonl")
        let r = try CLIRunner.run(["eval", file])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.contains("not detected"))
        #expect(r.stdout.contains("PERSON (1)"))
        #expect(r.stdout.contains("latency per record"))
    }

    @Test func badFilesExitTwoWithTheLine() throws {
        let file = try CLIRunner.temporaryFile("{\"text\": \"a\", \"label\": \"benign\"}\n{not json}\n", suffix: ".jsonl")
        let r = try CLIRunner.run(["eval", file])
        #expect(r.status == 2)
        #expect(r.stderr.contains(":2:"))
        let badLabel = try CLIRunner.temporaryFile("{\"text\": \"a\", \"label\": \"maybe\"}\n", suffix: ".jsonl")
        let r2 = try CLIRunner.run(["eval", badLabel])
        #expect(r2.status == 2)
        #expect(r2.stderr.contains("unknown label"))
        let r3 = try CLIRunner.run(["eval", "--detector", "nonsense", file])
        #expect(r3.status == 2)
    }
}
