/// Scores the sentences of one answer against a `GroundingSourceIndex`, reusing its buffers.
struct GroundingScorer {
    struct Score {
        var support: Double
        /// Numbers absent from the sources, as written.
        var numbers: [String]
        /// Names absent from the sources, as written.
        var entities: [String]
    }

    let index: GroundingSourceIndex
    let text: UnsafeBufferPointer<UInt8>
    private var bigrams: [UInt64] = []
    /// Per source sentence: how many of the current sentence's bigrams it holds.
    private var counts: [Int32]
    private var touched: [Int32] = []

    init(index: GroundingSourceIndex, text: UnsafeBufferPointer<UInt8>) {
        self.index = index
        self.text = text
        counts = [Int32](repeating: 0, count: index.sentenceCount)
    }

    /// The support of one sentence; see `GroundingChecker` for the formula.
    mutating func score(_ tokens: [GroundingToken], span: Range<Int>) -> Score {
        var content = 0
        var found = 0
        for token in tokens where token.kind != .stop {
            content += 1
            if index.terms.contains(token.key) { found += 1 }
        }
        let words = content == 0 ? 0 : Double(found) / Double(content)
        let pairs = bestBigramShare(tokens) ?? words
        let numbers = missingNumbers(tokens)
        let entities = isHeading(tokens, span: span) ? [] : missingNames(tokens)
        var support = GroundingChecker.wordWeight * words + GroundingChecker.bigramWeight * pairs
        for _ in 0..<(numbers.count + entities.count) { support *= GroundingChecker.missingFactor }
        return Score(support: min(1, max(0, support)), numbers: numbers, entities: entities)
    }

    /// The best share of the sentence's distinct content bigrams that one source sentence holds;
    /// nil without bigrams.
    private mutating func bestBigramShare(_ tokens: [GroundingToken]) -> Double? {
        bigrams.removeAll(keepingCapacity: true)
        var previous: UInt64? = nil
        for token in tokens where token.kind != .stop {
            if let previous { bigrams.append(GroundingVocabulary.pair(previous, token.key)) }
            previous = token.key
        }
        guard !bigrams.isEmpty else { return nil }
        bigrams.sort()
        var distinct = 0
        for bigram in bigrams where distinct == 0 || bigrams[distinct - 1] != bigram {
            bigrams[distinct] = bigram
            distinct += 1
        }
        var best: Int32 = 0
        for bigram in bigrams[..<distinct] {
            var entry = index.firstPosting(bigram) ?? -1
            while entry >= 0 {
                let (sentence, next) = index.postings[Int(entry)]
                let slot = Int(sentence)
                if counts[slot] == 0 { touched.append(sentence) }
                counts[slot] += 1
                best = max(best, counts[slot])
                entry = next
            }
        }
        for sentence in touched { counts[Int(sentence)] = 0 }
        touched.removeAll(keepingCapacity: true)
        return Double(best) / Double(distinct)
    }

    /// At most this many numbers and names are listed per sentence (a hostile run-on sentence
    /// could hold thousands; past a few, the support is zero anyway).
    static let listLimit = 32

    private func missingNumbers(_ tokens: [GroundingToken]) -> [String] {
        var missing: [String] = []
        var keys = HashedKeyTable()
        for token in tokens where token.kind == .number && !index.terms.contains(token.key) && !keys.contains(token.key) {
            keys.insert(token.key)
            missing.append(String(decoding: UnsafeBufferPointer(rebasing: text[token.range]), as: UTF8.self))
            if missing.count == Self.listLimit { break }
        }
        return missing
    }

    /// A title-case line without a final period (`Key Findings from the Study`): capitals there
    /// are typography, not names.
    private func isHeading(_ tokens: [GroundingToken], span: Range<Int>) -> Bool {
        var words = 0
        for token in tokens where token.kind == .word {
            guard token.isCapitalised else { return false }
            words += 1
        }
        guard words >= 2, let last = span.last else { return false }
        let byte = text[last]
        return byte != UInt8(ascii: ".") && byte != UInt8(ascii: "!") && byte != UInt8(ascii: "?")
    }

    /// Names of the sentence that the sources do not contain.
    private func missingNames(_ tokens: [GroundingToken]) -> [String] {
        var missing: [String] = []
        var seen: Set<String> = []
        var index = 0
        while index < tokens.count {
            guard isNamePart(tokens[index]) else {
                index += 1
                continue
            }
            var last = index
            var next = index + 1
            while next < tokens.count, isJoined(tokens[next - 1], tokens[next]) {
                if isNamePart(tokens[next]) {
                    last = next
                    next += 1
                } else if tokens[next].isConnector, next + 1 < tokens.count, isNamePart(tokens[next + 1]),
                    isJoined(tokens[next], tokens[next + 1])
                {
                    next += 1
                } else {
                    break
                }
            }
            if let absent = absentPart(tokens, index...last) {
                let bytes = tokens[absent.lowerBound].range.lowerBound..<tokens[absent.upperBound].range.upperBound
                let name = String(decoding: UnsafeBufferPointer(rebasing: text[bytes]), as: UTF8.self)
                if seen.insert(name).inserted {
                    missing.append(name)
                    if missing.count == Self.listLimit { break }
                }
            }
            index = last + 1
        }
        return missing
    }

    @inline(__always) private func isNamePart(_ token: GroundingToken) -> Bool {
        token.kind == .word && token.isCapitalised
    }

    /// Tokens separated by one or two spaces or hyphens only.
    private func isJoined(_ first: GroundingToken, _ second: GroundingToken) -> Bool {
        let gap = first.range.upperBound..<second.range.lowerBound
        guard gap.count >= 1, gap.count <= 2 else { return false }
        for offset in gap where text[offset] != 0x20 && text[offset] != UInt8(ascii: "-") { return false }
        return true
    }

    /// The part of the name `run` that the sources lack, or nil when they have it (or it is no
    /// name: a single capitalised word that starts a clause).
    private func absentPart(_ tokens: [GroundingToken], _ run: ClosedRange<Int>) -> ClosedRange<Int>? {
        let first = tokens[run.lowerBound]
        if run.count == 1 {
            if first.startsClause && !first.isAcronym { return nil }
            return index.terms.contains(first.key) ? nil : run
        }
        if adjacentInSources(tokens, run) { return nil }
        guard first.startsClause, !first.isAcronym else { return run }
        // The first word may be capitalised only because it starts the sentence.
        if run.count == 2 {
            let second = tokens[run.upperBound]
            return index.terms.contains(first.key) && index.terms.contains(second.key) ? nil : run
        }
        var rest = run.lowerBound + 1
        while rest < run.upperBound, tokens[rest].isConnector { rest += 1 }
        let remainder = rest...run.upperBound
        if remainder.count == 1 { return index.terms.contains(tokens[rest].key) ? nil : remainder }
        return adjacentInSources(tokens, remainder) ? nil : remainder
    }

    private func adjacentInSources(_ tokens: [GroundingToken], _ run: ClosedRange<Int>) -> Bool {
        for position in run.lowerBound..<run.upperBound
        where !index.adjacent.contains(GroundingVocabulary.pair(tokens[position].key, tokens[position + 1].key)) {
            return false
        }
        return true
    }
}
