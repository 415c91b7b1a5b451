/// Splits a sentence into `GroundingToken`s in one pass over its UTF-8 bytes.
///
/// Words are runs of letters and digits (any script); they are lower-cased, folded to ASCII where
/// that is a table lookup (Latin-1 and Latin Extended-A letters, combining marks dropped, so `café`
/// and `cafe\u{301}` are both `cafe`), joined over apostrophes (`don't` → `dont`, a possessive
/// `'s` dropped), stemmed lightly (`GroundingStemmer`) and hashed. Numbers keep their value
/// (`1,000`, `1000` and `1000.0` are the same number; a sign is ignored). Dotted acronyms are one
/// token (`U.S.`).
/// Citation markers such as `[1]` or `[2, 3]` are skipped.
struct GroundingTokenizer {
    private var folded: [UInt8] = []

    init() {
        folded.reserveCapacity(64)
    }

    /// Appends the tokens of `text[range]` to `tokens`.
    mutating func tokenize(_ text: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, into tokens: inout [GroundingToken]) {
        var index = range.lowerBound
        let end = range.upperBound
        var clause = true
        while index < end {
            let byte = text[index]
            if byte < 0x80 {
                if ByteClass.isDigit(byte) {
                    index = number(text, from: index, end: end, clause: &clause, into: &tokens)
                } else if ByteClass.isAlpha(byte) {
                    index = word(text, from: index, end: end, clause: &clause, into: &tokens)
                } else {
                    if byte == UInt8(ascii: "["), let after = Self.citationEnd(text, openingAt: index, end: end) {
                        index = after
                        continue
                    }
                    if Self.opensClause(byte) { clause = true }
                    index += 1
                }
                continue
            }
            let (scalar, length) = GroundingText.decode(text, at: index, end: end)
            switch GroundingText.classify(scalar) {
            case .letter: index = word(text, from: index, end: end, clause: &clause, into: &tokens)
            case .mark: index += length
            case .other:
                // “ ( — – and friends open a clause.
                if scalar == 0x201C || scalar == 0x2018 || scalar == 0x2014 || scalar == 0x2013 || scalar == 0x2022 {
                    clause = true
                }
                index += length
            }
        }
    }

    @inline(__always) static func opensClause(_ byte: UInt8) -> Bool {
        switch byte {
        case UInt8(ascii: ":"), UInt8(ascii: ";"), UInt8(ascii: "\""), UInt8(ascii: "("), UInt8(ascii: "["),
            UInt8(ascii: "*"), UInt8(ascii: "#"), UInt8(ascii: ">"), UInt8(ascii: "|"), UInt8(ascii: "_"), UInt8(ascii: "'"):
            true
        default: false
        }
    }

    /// The index after `]` when `[` at `index` opens a citation marker: digits, commas, spaces,
    /// `-` and `^` only, at most 16 bytes.
    static func citationEnd(_ text: UnsafeBufferPointer<UInt8>, openingAt index: Int, end: Int) -> Int? {
        var position = index + 1
        var digits = 0
        while position < end, position - index <= 16 {
            let byte = text[position]
            if byte == UInt8(ascii: "]") { return digits > 0 ? position + 1 : nil }
            if ByteClass.isDigit(byte) {
                digits += 1
            } else if byte != UInt8(ascii: ",") && byte != UInt8(ascii: " ") && byte != UInt8(ascii: "-") && byte != UInt8(ascii: "^") {
                return nil
            }
            position += 1
        }
        return nil
    }

    /// Scans a number at `start`; a digit run glued to letters (`5kg`, `1st`, `GPT4`) is a word.
    private mutating func number(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, clause: inout Bool, into tokens: inout [GroundingToken]
    ) -> Int {
        var index = start
        var sawPoint = false
        folded.removeAll(keepingCapacity: true)
        folded.append(1)  // a namespace byte: numbers never equal words
        while index < end {
            let byte = text[index]
            if ByteClass.isDigit(byte) {
                folded.append(byte)
                index += 1
            } else if byte == UInt8(ascii: ","), !sawPoint, Self.isThousandsGroup(text, at: index + 1, end: end) {
                index += 1
            } else if byte == UInt8(ascii: "."), !sawPoint, index + 1 < end, ByteClass.isDigit(text[index + 1]) {
                sawPoint = true
                folded.append(byte)
                index += 1
            } else {
                break
            }
        }
        if index < end, ByteClass.isAlpha(text[index]) || text[index] >= 0x80 && GroundingText.startsLetter(text, at: index, end: end) {
            return word(text, from: start, end: end, clause: &clause, into: &tokens)
        }
        Self.normaliseNumber(&folded, hasPoint: sawPoint)
        var upper = index
        if upper < end, text[upper] == UInt8(ascii: "%") { upper += 1 }
        tokens.append(GroundingToken(
            kind: .number, key: GroundingVocabulary.hash(folded), range: start..<upper,
            isCapitalised: false, isAcronym: false, isConnector: false, startsClause: clause))
        clause = false
        return upper
    }

    /// Three digits at `index` not followed by a fourth.
    @inline(__always) static func isThousandsGroup(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        guard index + 3 <= end, ByteClass.isDigit(text[index]), ByteClass.isDigit(text[index + 1]), ByteClass.isDigit(text[index + 2]) else {
            return false
        }
        return index + 3 == end || !ByteClass.isDigit(text[index + 3])
    }

    /// Drops leading zeros of the integer part and trailing zeros of the fraction (and a point
    /// left alone): `007` → `7`, `1000.0` → `1000`, `3.50` → `3.5`. Byte 0 is the namespace byte.
    static func normaliseNumber(_ digits: inout [UInt8], hasPoint: Bool) {
        if hasPoint {
            while digits.last == UInt8(ascii: "0") { digits.removeLast() }
            if digits.last == UInt8(ascii: ".") { digits.removeLast() }
        }
        var leading = 1
        while leading + 1 < digits.count, digits[leading] == UInt8(ascii: "0"), digits[leading + 1] != UInt8(ascii: ".") {
            leading += 1
        }
        if leading > 1 { digits.removeSubrange(1..<leading) }
    }

    /// Scans a word at `start` (a letter, or a digit run glued to letters).
    private mutating func word(
        _ text: UnsafeBufferPointer<UInt8>, from start: Int, end: Int, clause: inout Bool, into tokens: inout [GroundingToken]
    ) -> Int {
        folded.removeAll(keepingCapacity: true)
        var index = start
        var upper = 0
        var lower = 0
        var asciiOnly = true
        var dotted = false
        var capitalised = false
        var first = true
        scan: while index < end {
            // Fast path: a run of ASCII letters and digits, copied and lower-cased in one go.
            let run = index
            while index < end, ByteClass.isAlnum(text[index]) {
                let byte = text[index]
                if ByteClass.isUpper(byte) { upper += 1 } else if ByteClass.isLower(byte) { lower += 1 }
                index += 1
            }
            if index > run {
                if first { capitalised = ByteClass.isUpper(text[run]) }
                first = false
                let base = folded.count
                folded.append(contentsOf: UnsafeBufferPointer(rebasing: text[run..<index]))
                for position in base..<folded.count where ByteClass.isUpper(folded[position]) { folded[position] |= 0x20 }
                continue
            }
            let byte = text[index]
            if byte < 0x80 {
                if ByteClass.isAlnum(byte) {
                    if ByteClass.isUpper(byte) {
                        upper += 1
                        if first { capitalised = true }
                    } else if ByteClass.isLower(byte) {
                        lower += 1
                    }
                    folded.append(ByteClass.isUpper(byte) ? byte | 0x20 : byte)
                    first = false
                    index += 1
                    continue
                }
                if byte == UInt8(ascii: "'"), let step = apostrophe(text, at: index, length: 1, end: end) {
                    switch step {
                    case .join(let next): index = next
                    case .possessive(let next): index = next; break scan
                    }
                    continue
                }
                // U.S.A.: single capitals joined by periods.
                if byte == UInt8(ascii: "."), (dotted || (folded.count == 1 && upper == 1)), index + 1 < end,
                    ByteClass.isUpper(text[index + 1]), index + 2 == end || !ByteClass.isAlnum(text[index + 2])
                {
                    dotted = true
                    upper += 1
                    folded.append(text[index + 1] | 0x20)
                    index += 2
                    continue
                }
                break scan
            }
            let (scalar, length) = GroundingText.decode(text, at: index, end: end)
            if scalar == 0x2019, let step = apostrophe(text, at: index, length: length, end: end) {
                switch step {
                case .join(let next): index = next
                case .possessive(let next): index = next; break scan
                }
                continue
            }
            switch GroundingText.classify(scalar) {
            case .mark:
                index += length
            case .letter:
                if first { capitalised = GroundingText.isUpperCase(scalar) }
                if !GroundingText.fold(scalar, into: &folded) {
                    asciiOnly = false
                    folded.append(contentsOf: text[index..<index + length])
                }
                first = false
                index += length
            case .other:
                break scan
            }
        }
        var upperBound = index
        if dotted, upperBound < end, text[upperBound] == UInt8(ascii: ".") { upperBound += 1 }
        let isAcronym = upper >= 2 && lower == 0 && !ByteClass.isDigit(folded.first ?? 0)
        let plain = GroundingVocabulary.hash(folded)
        let isStop = !isAcronym && (folded.count == 1 || GroundingVocabulary.stopwords.contains(plain))
        if asciiOnly { GroundingStemmer.stem(&folded) }
        tokens.append(GroundingToken(
            kind: isStop ? .stop : .word, key: asciiOnly ? GroundingVocabulary.hash(folded) : plain,
            range: start..<upperBound, isCapitalised: capitalised || isAcronym, isAcronym: isAcronym,
            isConnector: !capitalised && GroundingVocabulary.connectors.contains(plain), startsClause: clause))
        clause = false
        return upperBound
    }

    private enum Apostrophe {
        /// Inside a word (`don't`): continue at this index.
        case join(Int)
        /// A possessive `'s`: the word ends; continue after the `s`.
        case possessive(Int)
    }

    /// What an apostrophe at `index` does; nil when it is not followed by a letter (a closing
    /// quote), which ends the word.
    private func apostrophe(_ text: UnsafeBufferPointer<UInt8>, at index: Int, length: Int, end: Int) -> Apostrophe? {
        let next = index + length
        guard !folded.isEmpty, next < end, ByteClass.isAlpha(text[next]) else { return nil }
        if text[next] | 0x20 == UInt8(ascii: "s"), next + 1 == end || !ByteClass.isAlnum(text[next + 1]) {
            return .possessive(next + 1)
        }
        return .join(next)
    }
}
