import ParapetCore
import ParapetGuards
import Testing
@testable import ParapetGateway

@Suite struct StreamGuardTests {
    static func pipeline() throws -> GuardPipeline {
        GuardPipeline.standard(policy: try PolicyLoader.builtin(), redactionSalt: Array("salt".utf8))
    }

    /// Feeds `text` in pieces of `size` bytes (on character boundaries) and collects the output.
    static func run(_ guardian: inout StreamGuard, _ text: String, pieces size: Int) -> (String, Decision?) {
        var out = ""
        var chunk = ""
        for character in text {
            chunk.append(character)
            if chunk.utf8.count >= size {
                let step = guardian.feed(chunk)
                out += step.release
                chunk = ""
                if let violation = step.violation { return (out, violation) }
            }
        }
        if !chunk.isEmpty {
            let step = guardian.feed(chunk)
            out += step.release
            if let violation = step.violation { return (out, violation) }
        }
        let end = guardian.finish()
        return (out + end.release, end.violation)
    }

    static let prose = String(repeating: "The team reviewed the plan and agreed on the next steps for the launch. ", count: 12)

    @Test(arguments: [1, 2, 3, 7, 16, 61])
    func bufferedRedactsAnEmailSplitAcrossChunks(pieceSize: Int) throws {
        var guardian = StreamGuard(mode: .buffered, pipeline: try Self.pipeline(), window: 64, overlap: 48)
        let text = Self.prose + "Write to jane.doe@example.org today. " + Self.prose
        let (out, violation) = Self.run(&guardian, text, pieces: pieceSize)
        #expect(violation == nil)
        #expect(!out.contains("jane.doe@example.org"))
        #expect(!out.contains("example.org"))
        #expect(out.contains("[EMAIL]") || out.contains("[PII.EMAIL]") || out.contains("EMAIL"))
        #expect(out.hasPrefix("The team reviewed"))
        #expect(guardian.findings.contains { $0.0.category.rawValue == "pii.email" })
        #expect(guardian.guardedBytes == text.utf8.count)
    }

    @Test func bufferedCleanTextPassesUnchangedAndNonASCIIStaysWhole() throws {
        var guardian = StreamGuard(mode: .buffered, pipeline: try Self.pipeline(), window: 32, overlap: 16)
        let text = String(repeating: "Grüße aus Köln — 東京タワー 🚀 and more prose. ", count: 20)
        let (out, violation) = Self.run(&guardian, text, pieces: 5)
        #expect(violation == nil)
        #expect(out == text)
    }

    @Test func bufferedBlocksASecretBeforeItIsReleased() throws {
        var guardian = StreamGuard(mode: .buffered, pipeline: try Self.pipeline(), window: 64, overlap: 48)
        let key = "AKIA" + "ZQ3DRT7YBWN5KXPL"
        let text = Self.prose + "Use the key " + key + " with secret for prod. " + Self.prose
        let (out, violation) = Self.run(&guardian, text, pieces: 9)
        let decision = try #require(violation)
        #expect(decision.action == .block)
        #expect(!out.contains(key))
        #expect(!out.contains("AKIA"))
        // Nothing after the violation is released.
        #expect(guardian.feed("more text after the end").release.isEmpty)
    }

    @Test func optimisticReleasesAtOnceAndStopsOnAViolation() throws {
        var guardian = StreamGuard(mode: .optimistic, pipeline: try Self.pipeline(), window: 64, overlap: 48)
        let first = guardian.feed("Hello there, ")
        #expect(first.release == "Hello there, ")
        #expect(first.violation == nil)
        let text = Self.prose + "Call me on jane.doe@example.org now. " + Self.prose
        let (_, violation) = Self.run(&guardian, text, pieces: 11)
        let decision = try #require(violation)
        #expect(decision.findings.contains { $0.category.rawValue == "pii.email" })
        #expect(guardian.action >= .redact)
    }

    @Test func optimisticCleanStreamEndsWithoutViolation() throws {
        var guardian = StreamGuard(mode: .optimistic, pipeline: try Self.pipeline(), window: 32, overlap: 16)
        let (out, violation) = Self.run(&guardian, Self.prose, pieces: 13)
        #expect(violation == nil)
        #expect(out == Self.prose)
    }
}
