/// The sources of one check, tokenized and indexed once.
struct GroundingSourceIndex {
    /// The key of every word (stemmed, stopwords included) and number of every source.
    private(set) var terms: HashedKeyTable
    /// Pairs of adjacent tokens within a source sentence, stopwords included: what names are
    /// checked against (`Bank of America` needs `bank·of` and `of·america`).
    private(set) var adjacent: HashedKeyTable
    /// For each bigram of consecutive content tokens, the first entry of its list of source
    /// sentences in `postings` (newest first, each sentence once).
    private var heads: HashedKeyTable
    /// Linked lists of source sentences: the sentence and the index of the next entry (-1 ends).
    private(set) var postings: [(sentence: Int32, next: Int32)] = []
    /// How many source sentences there are.
    private(set) var sentenceCount = 0

    init(_ sources: [String]) {
        var bytes = 0
        for source in sources { bytes += source.utf8.count }
        // About one token per six bytes of prose.
        terms = HashedKeyTable(minimumCapacity: bytes / 6)
        adjacent = HashedKeyTable(minimumCapacity: bytes / 6)
        heads = HashedKeyTable(minimumCapacity: bytes / 8)
        postings.reserveCapacity(bytes / 8)
        var tokenizer = GroundingTokenizer()
        var tokens: [GroundingToken] = []
        for source in sources {
            var source = source
            source.withUTF8 { text in
                for span in SentenceSplitter.split(text) {
                    tokens.removeAll(keepingCapacity: true)
                    tokenizer.tokenize(text, span, into: &tokens)
                    add(tokens)
                }
            }
        }
    }

    /// The first posting of `bigram` (follow `next` until -1), or nil when no source sentence
    /// holds it.
    func firstPosting(_ bigram: UInt64) -> Int32? {
        heads.value(bigram)
    }

    private mutating func add(_ tokens: [GroundingToken]) {
        guard !tokens.isEmpty, sentenceCount < Int(Int32.max) else { return }
        let sentence = Int32(sentenceCount)
        sentenceCount += 1
        var previous: UInt64? = nil
        var previousContent: UInt64? = nil
        for token in tokens {
            terms.insert(token.key)
            if let previous { adjacent.insert(GroundingVocabulary.pair(previous, token.key)) }
            previous = token.key
            guard token.kind != .stop else { continue }
            if let previousContent {
                let bigram = GroundingVocabulary.pair(previousContent, token.key)
                let head = heads.value(bigram)
                if head.map({ postings[Int($0)].sentence != sentence }) ?? true {
                    postings.append((sentence, head ?? -1))
                    heads.set(bigram, Int32(postings.count - 1))
                }
            }
            previousContent = token.key
        }
    }
}
