import ParapetCore

/// Scores how much of an answer the retrieved sources support, sentence by sentence, lexically:
/// no model, one linear pass over the answer after indexing the sources once.
///
/// The answer is split into sentences (`SentenceSplitter`); sentences with fewer than
/// `minimumContentWords` content tokens are not scored. For each scored sentence, with its
/// content tokens (`GroundingTokenizer`: lower-cased, ASCII-folded, stopwords removed, lightly
/// stemmed; numbers by value):
///
/// - `W` = the share of its content tokens that occur anywhere in the sources;
/// - `B` = the best share of its distinct content bigrams (consecutive content tokens) found in a
///   single source sentence (`B = W` when the sentence has a single content token);
/// - `k` = the numbers plus the names absent from the sources. A number is absent when no source
///   has the same value (`1,000` = `1000` = `1000.0`; `45%` = `45 percent` = `45`). A name is a
///   run of capitalised words (connectors such as `of` allowed inside) or an acronym, or a single
///   capitalised word that does not start a clause; it is absent when some pair of its adjacent
///   words is never adjacent in a source (a single word: when no source has it). Capitals that
///   only start a clause do not make a name on their own; title-case headings are not checked
///   for names.
///
/// `support = (0.6·W + 0.4·B) · 0.3^k`, and the sentence is supported when
/// `support ≥ supportThreshold` and `k = 0`: a wrong number or name fails the sentence however
/// many words match. The report's score is the mean support weighted by content tokens (1 when
/// nothing was scored); it is borderline when some sentence's support lies in `borderlineBand`.
///
/// Lexical overlap cannot see negation, paraphrase beyond stemming, or a claim assembled from
/// words spread over several sources; the borderline band is where to ask a judge model.
public struct GroundingChecker: Sendable {
    /// Weight of the word share `W`.
    static let wordWeight = 0.6
    /// Weight of the bigram share `B`.
    static let bigramWeight = 0.4
    /// Factor per number or name missing from the sources.
    static let missingFactor = 0.3

    /// The thresholds in use.
    public var configuration: GroundingConfiguration

    /// A checker with `configuration`. It holds no other state.
    public init(configuration: GroundingConfiguration = .init()) {
        self.configuration = configuration
    }

    /// Scores `answer` against `sources` (the retrieved passages). Pure and thread-safe; the
    /// sources are indexed once per call.
    public func check(answer: String, sources: [String]) -> GroundingReport {
        let index = GroundingSourceIndex(sources)
        var answer = answer
        return answer.withUTF8 { text in
            var scorer = GroundingScorer(index: index, text: text)
            return evaluate(text, scorer: &scorer)
        }
    }

    private func evaluate(_ text: UnsafeBufferPointer<UInt8>, scorer: inout GroundingScorer) -> GroundingReport {
        var tokenizer = GroundingTokenizer()
        var tokens: [GroundingToken] = []
        var sentences: [SentenceSupport] = []
        var codePoints = CodePointCounter()
        var weighted = 0.0
        var weight = 0
        var borderline = false
        let minimum = max(1, configuration.minimumContentWords)
        for span in SentenceSplitter.split(text) {
            tokens.removeAll(keepingCapacity: true)
            tokenizer.tokenize(text, span, into: &tokens)
            var content = 0
            for token in tokens where token.kind != .stop { content += 1 }
            guard content >= minimum else { continue }
            let score = scorer.score(tokens, span: span)
            let start = codePoints.offset(of: span.lowerBound, in: text)
            let end = codePoints.offset(of: span.upperBound, in: text)
            let missing = score.numbers.count + score.entities.count
            sentences.append(SentenceSupport(
                start: start, end: end, utf8Start: span.lowerBound, utf8End: span.upperBound, support: score.support,
                isSupported: missing == 0 && score.support >= configuration.supportThreshold,
                unsupportedNumbers: score.numbers, unsupportedEntities: score.entities))
            weighted += score.support * Double(content)
            weight += content
            if configuration.borderlineBand.contains(score.support) { borderline = true }
        }
        return GroundingReport(score: weight == 0 ? 1 : weighted / Double(weight), sentences: sentences, isBorderline: borderline)
    }
}

/// Converts increasing UTF-8 offsets to code-point offsets in one pass.
struct CodePointCounter {
    private var byte = 0
    private var count = 0

    mutating func offset(of target: Int, in text: UnsafeBufferPointer<UInt8>) -> Int {
        while byte < target {
            if text[byte] & 0xC0 != 0x80 { count += 1 }
            byte += 1
        }
        return count
    }
}
