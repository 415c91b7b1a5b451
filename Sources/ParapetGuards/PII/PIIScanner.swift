import ParapetCore

/// One match found by a matcher: byte range, category, score and a fixed explanation.
struct PIIMatch {
    var category: CategoryID
    var start: Int
    var end: Int
    var score: Double
    var explanation: String

    var hit: DetectorHit {
        DetectorHit(category: category, range: start..<end, score: min(1, max(0, score)), explanation: explanation)
    }
}

/// The single-pass scanner behind `PIIDetector`. It borrows the text's buffers for one scan and
/// never escapes them.
///
/// The loop visits each word once: at a word start it looks at the word's first byte and the
/// byte after the word to pick the matchers that can apply (digits → numbers; hex and `:`/`-`/`.`
/// → IPv6 and MAC; `http`/`ftp`/`www` → URL; two upper-case letters and two digits → IBAN;
/// `1`/`3`/`bc1` → Bitcoin), then skips the word. `@`, `::`, `+` and `(` are handled as
/// punctuation triggers.
struct PIIScanner {
    let b: UnsafeBufferPointer<UInt8>
    let l: UnsafeBufferPointer<UInt8>
    let n: Int

    init(bytes: UnsafeBufferPointer<UInt8>, lowered: UnsafeBufferPointer<UInt8>) {
        b = bytes
        l = lowered
        n = min(bytes.count, lowered.count)
    }

    /// The byte at `i`, or 0 outside the text.
    @inline(__always) func at(_ i: Int) -> UInt8 { i >= 0 && i < n ? b[i] : 0 }
    /// The lower-cased byte at `i`, or 0 outside the text.
    @inline(__always) func low(_ i: Int) -> UInt8 { i >= 0 && i < n ? l[i] : 0 }
    /// Whether the byte at `i` continues a word (letters, digits, `_`, non-ASCII). False outside.
    @inline(__always) func isWordAt(_ i: Int) -> Bool { i >= 0 && i < n && ByteClass.isWord(b[i]) }

    @inline(__always) func ctxBefore(_ position: Int, _ words: [StaticString], window: Int = 40) -> Bool {
        ContextWords.before(l, position, words, window: window)
    }

    /// Byte classes for the main loop: bit 0 word byte (letter, digit, `_`, non-ASCII), bit 1
    /// ASCII letter, bit 2 punctuation trigger (`@`, `:`, `+`, `(`).
    static let byteClass: [UInt8] = (0..<256).map { v in
        let c = UInt8(v)
        var k: UInt8 = 0
        if ByteClass.isWord(c) { k |= 1 }
        if ByteClass.isAlpha(c) { k |= 2 }
        if c == 0x40 || c == 0x3A || c == 0x2B || c == 0x28 { k |= 4 }
        return k
    }

    func run(into hits: inout [DetectorHit]) {
        Self.byteClass.withUnsafeBufferPointer { table in
            run(table: table, into: &hits)
        }
    }

    private func run(table: UnsafeBufferPointer<UInt8>, into hits: inout [DetectorHit]) {
        guard table.count == 256 else { return }
        var i = 0
        let n = self.n
        while i < n {
            let c = b[i]
            let k = table[Int(c)]
            if k & 1 != 0 {
                var e = i &+ 1
                while e < n && table[Int(b[e])] & 1 != 0 { e &+= 1 }
                if k & 2 != 0 {
                    // Letter-led words matter only before '.', ':', '-' (domains, URLs, MAC/IPv6),
                    // as two upper-case letters (IBAN), or when long (bech32).
                    let next = e < n ? b[e] : 0
                    if next != 0x2E && next != 0x3A && next != 0x2D && e &- i < 14
                        && !(ByteClass.isUpper(c) && e &- i >= 4 && ByteClass.isUpper(b[i &+ 1]))
                    {
                        i = e
                        continue
                    }
                }
                if c < 0x80 && c != 0x5F && (i == 0 || table[Int(b[i &- 1])] & 1 == 0) {
                    i = max(e, word(start: i, end: e, into: &hits))
                } else {
                    i = e
                }
                continue
            }
            if k & 4 != 0 {
                switch c {
                case 0x40:  // @
                    if let m = email(at: i) {
                        hits.append(m.hit)
                        i = max(i + 1, m.end)
                        continue
                    }
                case 0x3A:  // :
                    if at(i + 1) == 0x3A, let m = ipv6(start: i) {
                        hits.append(m.hit)
                        i = max(i + 1, m.end)
                        continue
                    }
                default:  // + (
                    if !isWordAt(i - 1), ByteClass.isDigit(at(i + 1)), let m = phone(start: i) {
                        hits.append(m.hit)
                        i = max(i + 1, m.end)
                        continue
                    }
                }
            }
            i += 1
        }
    }

    /// Handles the ASCII word `b[s..<e]` that starts at a word boundary. Returns where to resume.
    func word(start s: Int, end e: Int, into hits: inout [DetectorHit]) -> Int {
        let c = b[s]
        let next = at(e)
        let len = e - s
        var resume = e

        @inline(__always) func take(_ m: PIIMatch?) -> Bool {
            guard let m else { return false }
            hits.append(m.hit)
            resume = max(e, m.end)
            return true
        }

        // Hex word followed by ':' '-' '.': MAC address or IPv6.
        if len <= 4 && (next == 0x3A || next == 0x2D || next == 0x2E) && isHexRun(s, e) {
            if take(mac(start: s)) { return resume }
            if next == 0x3A && take(ipv6(start: s)) { return resume }
        }

        if ByteClass.isDigit(c) {
            if isDigitRun(s, e) {
                return numeric(start: s, runEnd: e, into: &hits)
            }
            if (c == 0x31 || c == 0x33) && len >= 25 && len <= 35 && take(bitcoinBase58(start: s, end: e)) {
                return resume
            }
            return e
        }

        // Letters.
        let lc = l[s]
        if lc == 0x68 || lc == 0x66 || lc == 0x77 {  // h f w
            if take(url(start: s, wordEnd: e)) { return resume }
        }
        if ByteClass.isUpper(c) && len >= 4 && ByteClass.isUpper(b[s + 1]) && ByteClass.isDigit(b[s + 2])
            && ByteClass.isDigit(b[s + 3]) && take(iban(start: s))
        {
            return resume
        }
        if lc == 0x62 && len >= 14 && low(s + 1) == 0x63 && low(s + 2) == 0x31 && take(bitcoinBech32(start: s, end: e)) {
            return resume
        }
        if next == 0x2E && ByteClass.isAlnum(at(e + 1)) {
            let (m, chainEnd) = bareDomain(start: s)
            if take(m) { return resume }
            // Skip the rest of a failed dotted chain, unless it is an email's local part.
            if at(chainEnd) != 0x40 { return max(e, chainEnd) }
        }
        return e
    }

    @inline(__always) func isHexRun(_ s: Int, _ e: Int) -> Bool {
        for k in s..<e where !ByteClass.isHex(b[k]) { return false }
        return true
    }

    @inline(__always) func isDigitRun(_ s: Int, _ e: Int) -> Bool {
        for k in s..<e where !ByteClass.isDigit(b[k]) { return false }
        return true
    }
}
