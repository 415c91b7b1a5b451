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
/// ≥ 0x80 too, so `don't` is `don` + `t`, and a word of another script (or with a look-alike
/// letter inside) never matches the vocabulary; folding confusables is the normaliser's job.
/// A word is skipped after a per-length first/last-letter bitmap test; only words that pass it
/// are packed and probed in the vocabulary table. Nothing is allocated per word; a token is
/// appended only for vocabulary words.
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
        var ordinal: Int32 = 0
        var sentence: Int32 = 0
        var lineStart = true
        var hashMarkup = false
        var runStart = 0
        while i < n {
            let b = p[i]
            if b &- 0x61 < 26 {
                let start = i
                i = wordEnd(p, from: i + 1)
                let length = i - start
                if vocab.mayContain(length: length, first: b, last: p[i - 1])
                    && vocab.mayContain(length: length, first: b, second: p[length > 1 ? start + 1 : start], last: p[i - 1])
                {
                    let cls = vocab.classes(p, start: start, length: length)
                    if cls != 0 {
                        var flags: UInt8 = 0
                        if lineStart { flags |= InjectionToken.lineStart }
                        if hashMarkup { flags |= InjectionToken.hashMarkup }
                        if i < n && p[i] == 0x3A { flags |= InjectionToken.colonAfter }
                        if cls & InjectionWordClass.rot13 != 0 { state.sawRot13 = true }
                        state.tokens.append(
                            InjectionToken(
                                classes: cls, ordinal: ordinal, sentence: sentence,
                                start: Int32(truncatingIfNeeded: start), end: Int32(truncatingIfNeeded: i), flags: flags))
                    }
                }
                ordinal &+= 1
                lineStart = false
                hashMarkup = false
                continue
            }
            if b == 0x20 {
                if collectRuns && i - runStart >= minEncodedRun { addRun(runStart..<i, &state) }
                runStart = i + 1
                i += 1
                continue
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
                if collectRuns && i - runStart >= minEncodedRun { addRun(runStart..<i, &state) }
                runStart = i + 1
            }
            i += 1
        }
        if collectRuns && n - runStart >= minEncodedRun { addRun(runStart..<n, &state) }
    }

    /// The end of the run of `a`…`z` that continues at `i`, eight bytes at a time.
    @inline(__always)
    static func wordEnd(_ p: UnsafeBufferPointer<UInt8>, from start: Int) -> Int {
        var i = start
        let n = p.count
        if let base = p.baseAddress {
            let raw = UnsafeRawPointer(base)
            while i + 8 <= n {
                let v = UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let high: UInt64 = 0x8080_8080_8080_8080
                let a = v & 0x7F7F_7F7F_7F7F_7F7F
                let atLeastA = (a &+ 0x1F1F_1F1F_1F1F_1F1F) & high  // byte ≥ 0x61
                let aboveZ = (a &+ 0x0505_0505_0505_0505) & high  // byte ≥ 0x7B
                let letters = atLeastA & ~aboveZ & ~(v & high)
                let others = ~letters & high
                if others != 0 { return i + others.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n && p[i] &- 0x61 < 26 { i += 1 }
        return i
    }

    @inline(never)
    private static func addRun(_ r: Range<Int>, _ state: inout InjectionScanState) {
        if state.encodedRuns.count < maxEncodedRuns { state.encodedRuns.append(r) }
    }
}
