import ParapetCore

/// Whole-word matching of keyword sets on normalised, lower-cased text: the policy's denied
/// topics (`topic.<name>`) and word lists (`wordlist.<name>`).
///
/// A phrase is a sequence of words; it matches where the same words appear in order, separated
/// by anything that is not a word character ("prescription-dosage" matches "prescription dosage").
/// Word characters are ASCII letters, digits and every non-ASCII byte, so other scripts form
/// words too. Matching is case-insensitive for ASCII letters.
///
/// Each word of the text is hashed once; a 4096-bit filter over the first words of all phrases
/// rejects almost every word before the table is consulted.
public struct WordListDetector: Detector {
    public let id = DetectorID(name: "wordlist", version: 1)
    public let categories: [CategoryID]

    struct Phrase: Sendable {
        var words: [[UInt8]]
        var category: Int
        var label: String
    }

    private let phrases: [Phrase]
    private let byFirstWord: [UInt64: [Int]]
    private let filter: [UInt64]

    /// - Parameters:
    ///   - topics: topic name → keywords, reported as `topic.<name>`.
    ///   - wordLists: list name → words, reported as `wordlist.<name>`.
    public init(topics: [String: [String]], wordLists: [String: [String]], normalizer: UnicodeNormalizer = UnicodeNormalizer()) {
        var categories: [CategoryID] = []
        var phrases: [Phrase] = []
        func add(_ group: String, _ sets: [String: [String]]) {
            for name in sets.keys.sorted() {
                let index = categories.count
                categories.append(CategoryID("\(group).\(name)"))
                for keyword in sets[name] ?? [] {
                    let words = Self.words(of: normalizer.normalize(keyword).scan.lowered)
                    if !words.isEmpty {
                        phrases.append(Phrase(words: words, category: index, label: "\(group) \"\(name)\""))
                    }
                }
            }
        }
        add("topic", topics)
        add("wordlist", wordLists)
        var byFirstWord: [UInt64: [Int]] = [:]
        var filter = [UInt64](repeating: 0, count: 64)
        for (i, phrase) in phrases.enumerated() {
            let h = Self.hash(phrase.words[0][...])
            byFirstWord[h, default: []].append(i)
            filter[Int(h & 4095) >> 6] |= 1 << (h & 63)
        }
        self.categories = categories
        self.phrases = phrases
        self.byFirstWord = byFirstWord
        self.filter = filter
    }

    /// Whether there is anything to look for.
    public var isEmpty: Bool { phrases.isEmpty }

    public func scan(_ text: ScanText, into hits: inout [DetectorHit]) {
        guard !phrases.isEmpty else { return }
        text.lowered.withUnsafeBufferPointer { p in
            var i = 0
            while let (start, end) = Self.nextWord(p, from: i) {
                i = end
                let h = Self.hash(p[start..<end])
                guard filter[Int(h & 4095) >> 6] & (1 << (h & 63)) != 0, let candidates = byFirstWord[h] else { continue }
                for index in candidates {
                    if let matchEnd = match(phrases[index], in: p, wordStart: start, wordEnd: end) {
                        let phrase = phrases[index]
                        hits.append(DetectorHit(
                            category: categories[phrase.category], range: start..<matchEnd, score: 1.0,
                            explanation: "matches a keyword of \(phrase.label)"))
                    }
                }
            }
        }
    }

    /// The end of the phrase if it matches starting at the word `wordStart..<wordEnd`.
    private func match(_ phrase: Phrase, in p: UnsafeBufferPointer<UInt8>, wordStart: Int, wordEnd: Int) -> Int? {
        guard Self.equal(p, wordStart..<wordEnd, phrase.words[0]) else { return nil }
        var end = wordEnd
        for word in phrase.words.dropFirst() {
            guard let (s, e) = Self.nextWord(p, from: end), Self.equal(p, s..<e, word) else { return nil }
            end = e
        }
        return end
    }

    @inline(__always)
    static func nextWord(_ p: UnsafeBufferPointer<UInt8>, from: Int) -> (Int, Int)? {
        var i = from
        while i < p.count && !ByteClass.isWord(p[i]) { i += 1 }
        guard i < p.count else { return nil }
        let start = i
        while i < p.count && ByteClass.isWord(p[i]) { i += 1 }
        return (start, i)
    }

    static func words(of bytes: [UInt8]) -> [[UInt8]] {
        bytes.withUnsafeBufferPointer { p in
            var out: [[UInt8]] = []
            var i = 0
            while let (s, e) = nextWord(p, from: i) {
                out.append(Array(p[s..<e]))
                i = e
            }
            return out
        }
    }

    @inline(__always)
    static func equal(_ p: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: [UInt8]) -> Bool {
        guard range.count == word.count else { return false }
        var k = range.lowerBound
        for b in word {
            if p[k] != b { return false }
            k += 1
        }
        return true
    }

    /// FNV-1a, 64 bit.
    @inline(__always)
    static func hash<C: Collection>(_ bytes: C) -> UInt64 where C.Element == UInt8 {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in bytes { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return h
    }
}
