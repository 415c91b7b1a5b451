/// Splits text into sentences by scanning its UTF-8 bytes.
///
/// A sentence ends at a line break, or at `.`, `!`, `?` (or a run of them, `…`, and closing quotes,
/// brackets or Markdown emphasis after them) followed by whitespace or the end of the text; CJK
/// `。！？` end one without a space. A period does not end a sentence inside a number (`3.5`, no
/// space follows), after an initial (`J. K. Rowling`), a dotted abbreviation (`e.g.`, `U.S.`) or a
/// listed one (`Dr.`, `approx.`; `etc.` only before a lower-case word). Spans are trimmed and lose a
/// leading list bullet (`-`, `*`, `•`, `+`, `>`, `#`, `1.`, `2)`).
enum SentenceSplitter {
    /// The byte ranges of the sentences of `text`, in order, never empty.
    static func split(_ text: UnsafeBufferPointer<UInt8>) -> [Range<Int>] {
        var spans: [Range<Int>] = []
        let end = text.count
        var start = 0
        var index = 0
        while index < end {
            let byte = text[index]
            // Letters and most of UTF-8: nothing to decide.
            if byte >= 0x40 && byte < 0xE2 {
                index += 1
                continue
            }
            if byte == 0x0A {
                emit(text, start..<index, into: &spans)
                index += 1
                start = index
                continue
            }
            if byte == UInt8(ascii: ".") || byte == UInt8(ascii: "!") || byte == UInt8(ascii: "?") || isEllipsis(text, at: index) {
                var after = index + 1
                while after < end {
                    let next = text[after]
                    if next == UInt8(ascii: ".") || next == UInt8(ascii: "!") || next == UInt8(ascii: "?") { after += 1 }
                    else if isEllipsis(text, at: after) { after += 3 }
                    else { break }
                }
                if isEllipsis(text, at: index) { after = max(after, index + 3) }
                let single = byte == UInt8(ascii: ".") && after == index + 1
                after = skipClosers(text, from: after)
                if after == end || ByteClass.isSpace(text[after]) {
                    if !(single && isAbbreviation(text, periodAt: index, next: after)) {
                        emit(text, start..<after, into: &spans)
                        start = after
                    }
                }
                index = after
                continue
            }
            if byte == 0xE3 || byte == 0xEF, isFullWidthTerminator(text, at: index) {
                emit(text, start..<index + 3, into: &spans)
                index += 3
                start = index
                continue
            }
            index += 1
        }
        emit(text, start..<end, into: &spans)
        return spans
    }

    /// `…` (U+2026) at `index`.
    @inline(__always) static func isEllipsis(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        index + 2 < text.count && text[index] == 0xE2 && text[index + 1] == 0x80 && text[index + 2] == 0xA6
    }

    /// `。` U+3002, `！` U+FF01, `？` U+FF1F.
    @inline(__always) static func isFullWidthTerminator(_ text: UnsafeBufferPointer<UInt8>, at index: Int) -> Bool {
        guard index + 2 < text.count else { return false }
        let (a, b, c) = (text[index], text[index + 1], text[index + 2])
        return (a == 0xE3 && b == 0x80 && c == 0x82) || (a == 0xEF && b == 0xBC && (c == 0x81 || c == 0x9F))
    }

    /// Skips closing quotes, brackets and emphasis after a terminator: `"` `'` `)` `]` `*` `_` `”` `’` `»`.
    static func skipClosers(_ text: UnsafeBufferPointer<UInt8>, from index: Int) -> Int {
        var index = index
        while index < text.count {
            switch text[index] {
            case UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "*"), UInt8(ascii: "_"):
                index += 1
            case 0xE2 where index + 2 < text.count && text[index + 1] == 0x80 && (text[index + 2] == 0x9D || text[index + 2] == 0x99):
                index += 3
            case 0xC2 where index + 1 < text.count && text[index + 1] == 0xBB:
                index += 2
            default:
                return index
            }
        }
        return index
    }

    /// Whether the period at `index` ends an abbreviation, an initial or a list number rather than
    /// a sentence.
    static func isAbbreviation(_ text: UnsafeBufferPointer<UInt8>, periodAt index: Int, next: Int) -> Bool {
        var digits = index
        while digits > 0, index - digits < 3, ByteClass.isDigit(text[digits - 1]) { digits -= 1 }
        if digits < index { return lineStartsBefore(text, digits) }
        var start = index
        var hasInnerPeriod = false
        while start > 0 {
            let byte = text[start - 1]
            if ByteClass.isAlpha(byte) {
                start -= 1
            } else if byte == UInt8(ascii: "."), start - 1 > 0, ByteClass.isAlpha(text[start - 2]) {
                hasInnerPeriod = true
                start -= 1
            } else {
                break
            }
        }
        let length = index - start
        guard length > 0 else { return false }
        if start > 0, text[start - 1] >= 0x80 || ByteClass.isDigit(text[start - 1]) { return false }
        if hasInnerPeriod { return true }
        if length == 1 { return ByteClass.isUpper(text[start]) }
        guard length <= 6 else { return false }
        var word: [UInt8] = []
        for offset in start..<index { word.append(text[offset] | 0x20) }
        guard GroundingVocabulary.abbreviations.contains(GroundingVocabulary.hash(word)) else { return false }
        var after = next
        while after < text.count, ByteClass.isSpace(text[after]) { after += 1 }
        let following: UInt8 = after < text.count ? text[after] : 0
        switch word {
        case Array("etc".utf8): return ByteClass.isLower(following)  // "etc." ends a sentence unless lower case follows
        case Array("no".utf8), Array("nos".utf8): return ByteClass.isDigit(following)  // "No. 5", not "the answer is no."
        default: return true
        }
    }

    /// Appends `range` trimmed and without a leading list bullet, unless nothing is left.
    static func emit(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into spans: inout [Range<Int>]) {
        var lower = range.lowerBound
        var upper = range.upperBound
        while lower < upper, ByteClass.isSpace(text[lower]) { lower += 1 }
        let atLineStart = lower == 0 || lineStartsBefore(text, lower)
        if atLineStart {
            var bullet = bulletEnd(text, at: lower, end: upper)
            while let after = bullet {
                lower = after
                while lower < upper, ByteClass.isSpace(text[lower]) { lower += 1 }
                bullet = bulletEnd(text, at: lower, end: upper)
            }
        }
        while upper > lower, ByteClass.isSpace(text[upper - 1]) { upper -= 1 }
        if lower < upper { spans.append(lower..<upper) }
    }

    /// Whether only spaces or tabs separate `index` from the previous line break.
    static func lineStartsBefore(_ text: UnsafeBufferPointer<UInt8>, _ index: Int) -> Bool {
        var position = index
        while position > 0 {
            let byte = text[position - 1]
            if byte == 0x0A { return true }
            guard byte == 0x20 || byte == 0x09 || byte == 0x0D else { return false }
            position -= 1
        }
        return true
    }

    /// The index after a list bullet and its space at `index`: `-`, `*`, `+`, `>`, `•`, `#`…, or up
    /// to three digits and `.` or `)`.
    static func bulletEnd(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Int? {
        guard index < end else { return nil }
        var after = index
        switch text[index] {
        case UInt8(ascii: "-"), UInt8(ascii: "*"), UInt8(ascii: "+"), UInt8(ascii: ">"):
            after += 1
        case UInt8(ascii: "#"):
            while after < end, text[after] == UInt8(ascii: "#") { after += 1 }
        case 0xE2 where index + 2 < end && text[index + 1] == 0x80 && text[index + 2] == 0xA2:
            after += 3
        case UInt8(ascii: "0")...UInt8(ascii: "9"):
            while after < end, after - index < 3, ByteClass.isDigit(text[after]) { after += 1 }
            guard after < end, text[after] == UInt8(ascii: ".") || text[after] == UInt8(ascii: ")") else { return nil }
            after += 1
        default:
            return nil
        }
        guard after < end, text[after] == 0x20 || text[after] == 0x09 else { return nil }
        return after + 1
    }
}
