/// What a phrase rule sees: the vocabulary tokens of the text, and the bytes (lower-cased and
/// original) for fixed-phrase checks on neighbouring words that are not in the vocabulary.
struct InjectionRuleContext {
    let tokens: UnsafeBufferPointer<InjectionToken>
    /// Lower-cased bytes.
    let text: UnsafeBufferPointer<UInt8>
    /// Original bytes (for capitalisation checks such as `DAN`).
    let original: UnsafeBufferPointer<UInt8>

    // MARK: Token windows

    /// The first token after `k`, at most `within` words later, with a class in `cls`.
    func next(_ k: Int, within: Int32, _ cls: UInt64, sameSentence: Bool = true) -> Int? {
        let t = tokens[k]
        var j = k + 1
        while j < tokens.count {
            let u = tokens[j]
            if u.ordinal - t.ordinal > within || (sameSentence && u.sentence != t.sentence) { return nil }
            if u.classes & cls != 0 { return j }
            j += 1
        }
        return nil
    }

    /// The nearest token before `k`, at most `within` words earlier, with a class in `cls`.
    func previous(_ k: Int, within: Int32, _ cls: UInt64, sameSentence: Bool = true) -> Int? {
        let t = tokens[k]
        var j = k - 1
        while j >= 0 {
            let u = tokens[j]
            if t.ordinal - u.ordinal > within || (sameSentence && u.sentence != t.sentence) { return nil }
            if u.classes & cls != 0 { return j }
            j -= 1
        }
        return nil
    }

    /// Whether a token strictly between indices `a` and `b` has a class in `cls`.
    func anyBetween(_ a: Int, _ b: Int, _ cls: UInt64) -> Bool {
        var j = a + 1
        while j < b {
            if tokens[j].classes & cls != 0 { return true }
            j += 1
        }
        return false
    }

    /// Whether a token within `within` words of `k` (either side, any sentence) has a class in `cls`.
    func near(_ k: Int, within: Int32, _ cls: UInt64) -> Bool {
        next(k, within: within, cls, sameSentence: false) != nil
            || previous(k, within: within, cls, sameSentence: false) != nil
    }

    // MARK: Byte-level neighbours

    @inline(__always) private func isLetter(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) private func isStop(_ b: UInt8) -> Bool {
        b == 0x2E || b == 0x21 || b == 0x3F || b == 0x0A || b == 0x3B
    }

    /// The word ending before byte `pos`, across at most 6 separator bytes (spaces, quotes,
    /// commas, apostrophes, non-ASCII punctuation), not across sentence ends.
    func wordBefore(_ pos: Int) -> Range<Int>? {
        var i = pos - 1
        var skipped = 0
        while i >= 0 && !isLetter(text[i]) {
            if isStop(text[i]) || skipped == 6 { return nil }
            skipped += 1
            i -= 1
        }
        guard i >= 0 else { return nil }
        let end = i + 1
        var count = 0
        while i >= 0 && isLetter(text[i]) && count < 32 {
            i -= 1
            count += 1
        }
        return (i + 1)..<end
    }

    /// The word starting after byte `pos`, across at most 6 separator bytes.
    func wordAfter(_ pos: Int) -> Range<Int>? {
        var i = pos
        var skipped = 0
        while i < text.count && !isLetter(text[i]) {
            if isStop(text[i]) || skipped == 6 { return nil }
            skipped += 1
            i += 1
        }
        guard i < text.count else { return nil }
        let start = i
        var count = 0
        while i < text.count && isLetter(text[i]) && count < 32 {
            i += 1
            count += 1
        }
        return start..<i
    }

    /// Whether `r` spells `s` (lower-case ASCII).
    func word(_ r: Range<Int>?, is s: StaticString) -> Bool {
        guard let r else { return false }
        let n = s.utf8CodeUnitCount
        guard r.count == n else { return false }
        let p = s.utf8Start
        for i in 0..<n where text[r.lowerBound + i] != p[i] { return false }
        return true
    }

    func word(_ r: Range<Int>?, isOneOf list: [StaticString]) -> Bool {
        for s in list where word(r, is: s) { return true }
        return false
    }

    /// Whether one of the `words` words before byte `pos` (same sentence) negates:
    /// not, no, never, n't, without, cannot, nor, none, stop.
    func negated(before pos: Int, words: Int) -> Bool {
        var p = pos
        for _ in 0..<words {
            guard let w = wordBefore(p) else { return false }
            if word(w, isOneOf: ["not", "no", "never", "t", "without", "cannot", "nor", "none", "stop", "avoid"]) {
                return true
            }
            p = w.lowerBound
        }
        return false
    }

    /// Whether a clause breaker (and, but, then, so, or, if, when) lies between bytes `a` and `b`.
    func hasBreaker(from a: Int, to b: Int) -> Bool {
        var p = a
        while let w = wordAfter(p), w.upperBound <= b {
            if word(w, isOneOf: ["and", "but", "then", "so", "if", "when", "unless", "while"]) { return true }
            p = w.upperBound
        }
        return false
    }

    /// Whether the original bytes of `r` are all upper-case.
    func isUpperCase(_ r: Range<Int>) -> Bool {
        for i in r where !(original[i] &- 0x41 < 26) { return false }
        return true
    }
}
