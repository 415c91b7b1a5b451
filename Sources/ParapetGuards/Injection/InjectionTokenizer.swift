/// What one tokenizer pass collects: vocabulary tokens, signals found directly on punctuation
/// (chat-template tokens), and candidate runs for the encoded-payload check.
struct InjectionScanState: Sendable {
    var tokens: [InjectionToken] = []
    var signals: [InjectionSignal] = []
    /// Runs of base64/hex alphabet bytes long enough to decode (only when requested).
    var encodedRuns: [Range<Int>] = []
    /// Whether a rot13 spelling of a trigger word was seen.
    var sawRot13 = false
}

/// The hot loop: walks lower-cased bytes once, splitting ASCII words.
///
/// Words are runs of `a`…`z`. Every other byte ends a word — digits, apostrophes, and bytes
/// ≥ 0x80 too, so `don't` is `don` + `t` and a word of another script never matches the
/// vocabulary. Each word is packed into two integers while it is read; only words that pass the
/// per-length first-letter bitmap probe the vocabulary table. Nothing is allocated per word; a
/// token is appended only for vocabulary words.
enum InjectionTokenizer {
    /// Shortest run of base64/hex alphabet bytes worth decoding.
    static let minEncodedRun = 20
    /// At most this many encoded runs are kept per text.
    static let maxEncodedRuns = 8

    static func tokenize(
        _ p: UnsafeBufferPointer<UInt8>, vocabulary vocab: InjectionVocabulary, collectRuns: Bool,
        into state: inout InjectionScanState
    ) {
        let n = p.count
        var i = 0
        var wordStart = -1
        var lo: UInt64 = 0
        var hi: UInt64 = 0
        var ordinal: Int32 = 0
        var sentence: Int32 = 0
        var lineStart = true
        var hashMarkup = false
        var runStart = 0
        while i < n {
            let b = p[i]
            if b &- 0x61 < 26 {
                if wordStart < 0 {
                    wordStart = i
                    lo = 0
                    hi = 0
                }
                hi = (hi << 8) | (lo >> 56)
                lo = (lo << 8) | UInt64(b)
                i += 1
                continue
            }
            if wordStart >= 0 {
                let length = i - wordStart
                if vocab.mayContain(length: length, first: p[wordStart]) {
                    let cls = vocab.classes(lo: lo, hi: hi, length: length)
                    if cls != 0 {
                        var flags: UInt8 = 0
                        if lineStart { flags |= InjectionToken.lineStart }
                        if hashMarkup { flags |= InjectionToken.hashMarkup }
                        if b == 0x3A { flags |= InjectionToken.colonAfter }
                        if cls & InjectionWordClass.rot13 != 0 { state.sawRot13 = true }
                        state.tokens.append(
                            InjectionToken(
                                classes: cls, ordinal: ordinal, sentence: sentence, start: Int32(truncatingIfNeeded: wordStart),
                                end: Int32(truncatingIfNeeded: i), flags: flags))
                    }
                }
                ordinal &+= 1
                lineStart = false
                hashMarkup = false
                wordStart = -1
            }
            switch b {
            case 0x0A:
                sentence &+= 1
                lineStart = true
                hashMarkup = false
            case 0x2E, 0x21, 0x3F, 0x3B:
                sentence &+= 1
            case 0x23:
                if lineStart { hashMarkup = true }
            case 0x3C, 0x5B:
                RoleTagRules.marker(p, at: i, into: &state.signals)
            default:
                break
            }
            // Base64 / hex runs: letters are handled above; digits and + / = - _ continue a run.
            if !(b &- 0x30 < 10 || b == 0x2B || b == 0x2F || b == 0x3D || b == 0x2D || b == 0x5F) {
                if collectRuns && i - runStart >= minEncodedRun && state.encodedRuns.count < maxEncodedRuns {
                    state.encodedRuns.append(runStart..<i)
                }
                runStart = i + 1
            }
            i += 1
        }
        if wordStart >= 0 {
            let length = n - wordStart
            if vocab.mayContain(length: length, first: p[wordStart]) {
                let cls = vocab.classes(lo: lo, hi: hi, length: length)
                if cls != 0 {
                    var flags: UInt8 = 0
                    if lineStart { flags |= InjectionToken.lineStart }
                    if hashMarkup { flags |= InjectionToken.hashMarkup }
                    if cls & InjectionWordClass.rot13 != 0 { state.sawRot13 = true }
                    state.tokens.append(
                        InjectionToken(
                            classes: cls, ordinal: ordinal, sentence: sentence, start: Int32(truncatingIfNeeded: wordStart),
                            end: Int32(truncatingIfNeeded: n), flags: flags))
                }
            }
        }
        if collectRuns && n - runStart >= minEncodedRun && state.encodedRuns.count < maxEncodedRuns {
            state.encodedRuns.append(runStart..<n)
        }
    }
}
