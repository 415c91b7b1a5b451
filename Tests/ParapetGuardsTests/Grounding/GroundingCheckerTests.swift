import ParapetCore
import Testing

@testable import ParapetGuards

private let curieSources = [
    """
    Marie Curie won the Nobel Prize in Physics in 1903, together with Pierre Curie and Henri Becquerel. \
    She was the first woman to win a Nobel Prize.
    """,
    """
    In 1911 she received the Nobel Prize in Chemistry for the discovery of polonium and radium. \
    The prize money was 1,000,000 kronor. The Radium Institute opened in Paris in 1914.
    """,
]

/// The text of a scored sentence, read back through its UTF-8 offsets.
private func text(of sentence: SentenceSupport, in answer: String) -> String {
    let bytes = Array(answer.utf8)
    return String(decoding: bytes[sentence.utf8Start..<sentence.utf8End], as: UTF8.self)
}

/// Every span lies on scalar boundaries and its code-point offsets agree with its UTF-8 offsets.
private func expectConsistentSpans(_ report: GroundingReport, in answer: String, sourceLocation: SourceLocation = #_sourceLocation) {
    let bytes = Array(answer.utf8)
    for sentence in report.sentences {
        #expect(0 <= sentence.utf8Start && sentence.utf8Start < sentence.utf8End && sentence.utf8End <= bytes.count, sourceLocation: sourceLocation)
        guard sentence.utf8End <= bytes.count, sentence.utf8Start <= sentence.utf8End else { continue }
        #expect(bytes[sentence.utf8Start] & 0xC0 != 0x80, sourceLocation: sourceLocation)
        if sentence.utf8End < bytes.count { #expect(bytes[sentence.utf8End] & 0xC0 != 0x80, sourceLocation: sourceLocation) }
        let prefix = String(decoding: bytes[..<sentence.utf8Start], as: UTF8.self)
        let span = String(decoding: bytes[sentence.utf8Start..<sentence.utf8End], as: UTF8.self)
        #expect(sentence.start == prefix.unicodeScalars.count, sourceLocation: sourceLocation)
        #expect(sentence.end - sentence.start == span.unicodeScalars.count, sourceLocation: sourceLocation)
        #expect((0...1).contains(sentence.support), sourceLocation: sourceLocation)
    }
}

@Suite struct GroundingCheckerTests {
    let checker = GroundingChecker()

    @Test func fullySupportedAnswer() {
        let answer = """
            Marie Curie won the Nobel Prize in Physics in 1903. In 1911 she received the Nobel Prize in Chemistry \
            for the discovery of polonium and radium.
            """
        let report = checker.check(answer: answer, sources: curieSources)
        #expect(report.sentences.count == 2)
        #expect(report.unsupported.isEmpty)
        #expect(report.score > 0.95)
        #expect(!report.isBorderline)
        #expect(report.findings(detector: DetectorID(name: "grounding", version: 1)).isEmpty)
        expectConsistentSpans(report, in: answer)
    }

    @Test func oneHallucinatedSentenceIsLocatedInCodePointsAndBytes() throws {
        let supported1 = "Marie Curie won the Nobel Prize in Physics in 1903."
        let invented = "Her laboratory also developed the first portable X-ray machines for hospitals."
        let supported2 = "The Radium Institute opened in Paris in 1914."
        let answer = "Résumé 👩‍🔬 — kurz:\n\(supported1) \(invented)\n\(supported2)"
        let report = checker.check(answer: answer, sources: curieSources)
        expectConsistentSpans(report, in: answer)
        let unsupported = report.unsupported
        try #require(unsupported.count == 1)
        let sentence = unsupported[0]
        #expect(text(of: sentence, in: answer) == invented)
        let prefix = "Résumé 👩‍🔬 — kurz:\n\(supported1) "
        #expect(sentence.utf8Start == prefix.utf8.count)
        #expect(sentence.utf8End == prefix.utf8.count + invented.utf8.count)
        #expect(sentence.start == prefix.unicodeScalars.count)
        #expect(sentence.end == prefix.unicodeScalars.count + invented.unicodeScalars.count)
        #expect(sentence.start != sentence.utf8Start, "non-ASCII text before the sentence")

        let findings = report.findings(detector: DetectorID(name: "grounding", version: 1))
        try #require(findings.count == 1)
        let finding = findings[0]
        #expect(finding.category == "output.ungrounded")
        #expect(Taxonomy.standard.contains(finding.category))
        #expect((finding.start, finding.end, finding.utf8Start, finding.utf8End) == (sentence.start, sentence.end, sentence.utf8Start, sentence.utf8End))
        #expect(abs(finding.score - (1 - sentence.support)) < 1e-9)
        #expect(finding.explanation.hasPrefix("sentence not supported by sources (support 0."))
        #expect(!finding.explanation.contains("laboratory"))
        #expect(report.score < 1 && report.score > 0.4)
    }

    @Test func wrongNumberFailsEvenWhenEveryWordMatches() {
        let report = checker.check(answer: "Marie Curie won the Nobel Prize in Physics in 1905.", sources: curieSources)
        #expect(report.sentences.count == 1)
        let sentence = report.sentences[0]
        #expect(!sentence.isSupported)
        #expect(sentence.unsupportedNumbers == ["1905"])
        #expect(sentence.support < 0.35, "a missing number is not borderline")
        let lenient = GroundingChecker(configuration: .init(supportThreshold: 0.1))
        #expect(lenient.check(answer: "Marie Curie won the Nobel Prize in Physics in 1905.", sources: curieSources).unsupported.count == 1)
        #expect(
            report.findings(detector: DetectorID(name: "grounding", version: 1)).first?.explanation
                == "sentence not supported by sources (support \(GroundingReport.twoDecimals(sentence.support)); 1 number not in sources)")
    }

    @Test func numbersCompareByValue() {
        let sources = ["Revenue was 1,000 million dollars, margins were 45% and the rate fell to 3.50 points."]
        for answer in [
            "Revenue was 1000 million dollars.", "Revenue was 1000.0 million dollars.",
            "Margins were 45 percent of revenue.", "The rate fell to 3.5 points.",
        ] {
            let report = checker.check(answer: answer, sources: sources)
            #expect(report.sentences.first?.unsupportedNumbers == [], "\(answer)")
            #expect(report.sentences.first?.isSupported == true, "\(answer)")
        }
        let wrong = checker.check(answer: "Margins were 54% and revenue was 1,000 million dollars.", sources: sources)
        #expect(wrong.sentences.first?.unsupportedNumbers == ["54%"])
    }

    @Test func citationMarkersAreNotNumbers() {
        let report = checker.check(answer: "Marie Curie won the Nobel Prize in Physics in 1903 [1][2, 3].", sources: curieSources)
        #expect(report.sentences.first?.isSupported == true)
    }

    @Test func wrongEntityFails() {
        let einstein = checker.check(answer: "Albert Einstein won the Nobel Prize in Physics in 1903.", sources: curieSources)
        #expect(einstein.sentences.first?.unsupportedEntities == ["Albert Einstein"])
        #expect(einstein.sentences.first?.isSupported == false)
        let sources = ["The probe was launched by ESA from Kourou in French Guiana."]
        let acronym = checker.check(answer: "The probe was launched by NASA from Kourou in French Guiana.", sources: sources)
        #expect(acronym.sentences.first?.unsupportedEntities == ["NASA"])
        let place = checker.check(answer: "The probe was launched by ESA from Cape Canaveral in French Guiana.", sources: sources)
        #expect(place.sentences.first?.unsupportedEntities == ["Cape Canaveral"])
        let fine = checker.check(answer: "ESA launched the probe from Kourou in French Guiana.", sources: sources)
        #expect(fine.sentences.first?.unsupportedEntities == [])
        #expect(fine.sentences.first?.isSupported == true)
    }

    @Test func sentenceInitialCapitalsAreNotNames() {
        let sources = ["The committee approved the budget for the new library in March."]
        let report = checker.check(answer: "Committee members approved the budget for the new library in March.", sources: sources)
        #expect(report.sentences.first?.unsupportedEntities == [])
        let heading = checker.check(answer: "New Library Budget Approved\nThe committee approved the budget.", sources: sources)
        #expect(heading.sentences.allSatisfy { $0.unsupportedEntities.isEmpty })
    }

    @Test func paraphraseWithStemmingIsSupported() {
        let sources = ["Researchers tested the new batteries in freezing weather and recorded their charging times."]
        let answer = "The researcher is testing a new battery in freezing weather, recording its charge time."
        let report = checker.check(answer: answer, sources: sources)
        #expect(report.sentences.count == 1)
        #expect(report.sentences.first?.isSupported == true)
        #expect(report.score > 0.8)
    }

    @Test func emptySourcesSupportNothing() {
        let report = checker.check(answer: "Marie Curie won the Nobel Prize in Physics in 1903. She was born in Warsaw in 1867.", sources: [])
        #expect(report.sentences.count == 2)
        #expect(report.unsupported.count == 2)
        #expect(report.score == 0)
        #expect(checker.check(answer: "The answer is written here in detail.", sources: ["", "   "]).unsupported.count == 1)
    }

    @Test func emptyAnswerScoresOne() {
        for answer in ["", "   \n\n", "Sure!", "Hope this helps.", "👍🏽"] {
            let report = checker.check(answer: answer, sources: curieSources)
            #expect(report.score == 1, "\(answer)")
            #expect(report.sentences.isEmpty, "\(answer)")
            #expect(!report.isBorderline)
        }
    }

    @Test func borderlineBandIsReported() {
        // Most words are in the sources but their pairs are not: a judge should look.
        let report = checker.check(answer: "Polonium received radium physics money in Paris chemistry.", sources: curieSources)
        let support = report.sentences.first?.support ?? 0
        #expect((0.35...0.65).contains(support))
        #expect(report.isBorderline)
    }

    @Test func minimumContentWordsDecidesWhatIsScored() {
        let answer = "Curie won. Marie Curie won the Nobel Prize."
        #expect(checker.check(answer: answer, sources: curieSources).sentences.count == 1)
        let strict = GroundingChecker(configuration: .init(minimumContentWords: 1))
        #expect(strict.check(answer: answer, sources: curieSources).sentences.count == 2)
    }

    @Test func splitsSentencesWithCare() {
        let answer = """
            Dr. Smith measured 3.5 kg in the U.S. lab, e.g. on Monday. Was it enough?! Yes… "Quite so." Next
            - First item here
            2. Second item there
            ## A heading
            Ends with etc. and continues. Then stops etc. Done
            """
        var copy = answer
        let spans = copy.withUTF8 { text in
            SentenceSplitter.split(text).map { String(decoding: UnsafeBufferPointer(rebasing: text[$0]), as: UTF8.self) }
        }
        #expect(spans == [
            "Dr. Smith measured 3.5 kg in the U.S. lab, e.g. on Monday.", "Was it enough?!", "Yes…", "\"Quite so.\"", "Next",
            "First item here", "Second item there", "A heading", "Ends with etc. and continues.", "Then stops etc.", "Done",
        ])
    }

    @Test func tokenizerFoldsStemsAndJoins() {
        func keys(_ text: String) -> [UInt64] {
            var copy = text
            return copy.withUTF8 { buffer in
                var tokens: [GroundingToken] = []
                var tokenizer = GroundingTokenizer()
                tokenizer.tokenize(buffer, 0..<buffer.count, into: &tokens)
                return tokens.filter { $0.kind != .stop }.map(\.key)
            }
        }
        #expect(keys("café") == keys("CAFE\u{301}".lowercased()))
        #expect(keys("Müller Straße") == keys("muller strasse"))
        #expect(keys("tested tests testing") == keys("test test test"))
        #expect(keys("studies studied") == keys("study study"))
        #expect(keys("making makes") == keys("make make"))
        #expect(keys("stopped running") == keys("stop run"))
        #expect(keys("Curie's") == keys("Curie"))
        #expect(keys("1,000 1000.0 001000") == keys("1000 1000 1000"))
        #expect(keys("NASA CASES") == keys("nasa case"), "capitals never change a key")
        #expect(keys("don't") == [], "contractions are stopwords")
    }

    @Test func hostileInputNeverCrashes() {
        let samples = [
            String(decoding: [0x48, 0x69, 0xFF, 0xFE, 0x20, 0xC3, 0x28, 0x2E, 0x20, 0xE2, 0x82, 0x41, 0x42], as: UTF8.self),
            "Cafe\u{301}\u{301}\u{301} au lait costs 3 euros in Zu\u{308}rich today.",
            "👩‍👩‍👧‍👦 family 🇫🇷 flags 1️⃣ keycaps and ﷽ ligatures are here. Ｆｕｌｌｗｉｄｔｈ ｔｅｘｔ ｈｅｒｅ。次の文です。",
            String(repeating: ".", count: 1000) + String(repeating: "a ", count: 500),
            String(repeating: "U.", count: 500) + " S. went home.",
            "[" + String(repeating: "1,", count: 100) + "] numbers [",
            "\u{FEFF}\u{200B}\u{202E}reversed text is still text here.",
        ]
        for sample in samples {
            let report = checker.check(answer: sample, sources: [sample, "Café au lait costs 3 euros in Zürich."])
            expectConsistentSpans(report, in: sample)
            #expect((0...1).contains(report.score))
        }
        let accents = checker.check(answer: "Cafe\u{301} au lait costs 3 euros in Zu\u{308}rich today.", sources: ["Café au lait costs 3 euros in Zürich today."])
        #expect(accents.sentences.first?.isSupported == true)
    }

    @Test func oneMegabyteAnswerFinishes() {
        let sentence = "Marie Curie won the Nobel Prize in Physics in 1903 and later studied radium in Paris. "
        let answer = String(repeating: sentence, count: 1_048_576 / sentence.utf8.count + 1)
        let report = checker.check(answer: answer, sources: curieSources)
        #expect(report.sentences.count == 1_048_576 / sentence.utf8.count + 1)
        expectConsistentSpans(GroundingReport(score: 1, sentences: Array(report.sentences.suffix(3)), isBorderline: false), in: answer)
        let runOn = String(repeating: "radium polonium Paris 1903 ", count: 40_000)
        #expect(checker.check(answer: runOn, sources: curieSources).sentences.count == 1)
        // One sentence of 1 MB of distinct numbers and names: lists are capped, nothing quadratic.
        let numbers = (0..<150_000).map { "\($0 * 7)" }.joined(separator: " ")
        let hostile = checker.check(answer: numbers + " and " + (0..<20_000).map { "met Name\($0)x" }.joined(separator: " ") + ".", sources: curieSources)
        #expect(hostile.sentences.count == 1)
        #expect(hostile.sentences.first?.unsupportedNumbers.count == 32)
        #expect(hostile.sentences.first?.unsupportedEntities.count == 32)
        #expect(hostile.score < 1e-6)
    }
}
