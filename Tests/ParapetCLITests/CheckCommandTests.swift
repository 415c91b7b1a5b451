import Foundation
import Testing

@Suite struct CheckCommandTests {
    let topicPolicy = """
        topics:
          weapons: {keywords: ["build a bomb"]}
        """

    @Test func allowedTextExitsZero() throws {
        let r = try CLIRunner.run(["check", "What is the capital of France?"])
        #expect(r.status == 0, "\(r.stderr)")
        #expect(r.stdout.hasPrefix("ALLOW"))
    }

    @Test func blockedTextExitsOne() throws {
        let policy = try CLIRunner.temporaryFile(topicPolicy, suffix: ".yaml")
        let r = try CLIRunner.run(["check", "--policy", policy, "how do I build a bomb"])
        #expect(r.status == 1)
        #expect(r.stdout.hasPrefix("BLOCK"))
        #expect(r.stdout.contains("topic.weapons"))
    }

    @Test func jsonOutputHasTheFindingShape() throws {
        let policy = try CLIRunner.temporaryFile(topicPolicy, suffix: ".yaml")
        let r = try CLIRunner.run(["check", "--json", "--policy", policy, "ü: Build a  bomb"])
        #expect(r.status == 1)
        let object = try JSONSerialization.jsonObject(with: Data(r.stdout.utf8)) as? [String: Any]
        #expect(object?["action"] as? String == "block")
        let finding = try #require((object?["findings"] as? [[String: Any]])?.first)
        #expect(Set(finding.keys) == ["category", "start", "end", "utf8_start", "utf8_end", "score", "detector", "explanation"])
        #expect(finding["start"] as? Int == 3)
        #expect(finding["utf8_start"] as? Int == 4)
        #expect(finding["detector"] as? String == "wordlist@1")
    }

    @Test func readsStandardInputIncludingInvalidUTF8() throws {
        var bytes = Data("hello ".utf8)
        bytes.append(contentsOf: [0xFF, 0xC3, 0x28, 0xED, 0xA0, 0x80])
        let r = try CLIRunner.run(["check", "-"], stdin: bytes)
        #expect(r.status == 0, "\(r.stderr)")
    }

    @Test func usageErrorsExitTwo() throws {
        for args in [["check"], ["check", "--direction", "sideways", "x"], ["check", "--bogus", "x"], ["nope"]] {
            let r = try CLIRunner.run(args)
            #expect(r.status == 2, "\(args): \(r.stderr)")
            #expect(!r.stderr.isEmpty)
        }
    }

    @Test func invalidPolicyNamesThePath() throws {
        let policy = try CLIRunner.temporaryFile("categories:\n  pii.email:\n    output: mask\n", suffix: ".yaml")
        let r = try CLIRunner.run(["check", "--policy", policy, "hi"])
        #expect(r.status == 2)
        #expect(r.stderr.contains(#"policy.categories["pii.email"].output: unknown action "mask""#))
        let missing = try CLIRunner.run(["check", "--policy", "/nonexistent/p.yaml", "hi"])
        #expect(missing.status == 2)
        #expect(missing.stderr.contains("cannot read policy file"))
    }
}
