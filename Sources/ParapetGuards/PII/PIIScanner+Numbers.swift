import ParapetCore

/// Numbers that start with a digit: IPv4, payment cards, SSNs, routing numbers; phone numbers
/// are in `PIIScanner+Phone.swift`.
extension PIIScanner {
    /// Handles the digit run `b[s..<runEnd]` at a word start. Returns where to resume.
    func numeric(start s: Int, runEnd e: Int, into hits: inout [DetectorHit]) -> Int {
        let p = at(s - 1)
        // The tail of a dotted, dashed or comma-grouped number already looked at (1,234 · 3.14 ·
        // 2024-05-01 · 12:30), or an amount of money.
        if (p == 0x2E || p == 0x2D || p == 0x2C || p == 0x2F || p == 0x3A) && ByteClass.isDigit(at(s - 2)) { return e }
        if p == 0x24 { return e }
        // HTML character reference (&#1041190;).
        if p == 0x23 && at(s - 2) == 0x26 { return e }
        var found: PIIMatch? = nil
        if at(e) == 0x2E { found = ipv4(start: s) }
        if found == nil { found = card(start: s) }
        if found == nil { found = ssnOrRouting(start: s, runEnd: e) }
        if found == nil { found = phone(start: s) }
        guard let m = found else { return e }
        hits.append(m.hit)
        return max(e, m.end)
    }

    /// Whether a number ending at `end` is followed by a boundary: not a word byte, not `@`, and
    /// not a separator that continues with more digits.
    @inline(__always) func numberEndsAt(_ end: Int) -> Bool {
        let c = at(end)
        if ByteClass.isWord(c) || c == 0x40 { return false }
        if (c == 0x2E || c == 0x2D || c == 0x2F) && ByteClass.isDigit(at(end + 1)) { return false }
        return true
    }

    /// IPv4 dotted quad with octets 0…255 (no leading zeros), optional `/0…32` prefix length.
    func ipv4(start s: Int) -> PIIMatch? {
        guard let end = ipv4End(start: s) else { return nil }
        var e = end
        if ByteClass.isWord(at(e)) { return nil }
        let trailingDotted = at(e) == 0x2E && ByteClass.isDigit(at(e + 1))
        if at(e) == 0x2F, ByteClass.isDigit(at(e + 1)) {
            var v = 0
            var k = e + 1
            while ByteClass.isDigit(at(k)) && k - e <= 3 {
                v = v * 10 + Int(at(k) &- 0x30)
                k += 1
            }
            if v <= 32 && !ByteClass.isWord(at(k)) { e = k }
        }
        let ipContext = ctxBefore(s, ContextWords.ip, window: 24)
        if trailingDotted && !ipContext && ctxBefore(s, ContextWords.phone) { return nil }
        var score = trailingDotted ? 0.6 : 0.85
        if !ipContext && ctxBefore(s, ContextWords.version, window: 12) { score = 0.35 }
        // A dotted number glued to a word by a dash or underscore (python-3.4.2.1) is a version.
        let p = at(s - 1)
        if !ipContext && (p == 0x2D || p == 0x5F) && ByteClass.isAlnum(at(s - 2)) { score = 0.35 }
        if ipContext { score = min(0.95, score + 0.1) }
        return PIIMatch(
            category: PIICategory.ipAddress, start: s, end: e, score: score,
            explanation: e > end ? "IPv4 network in CIDR notation" : "IPv4 address")
    }

    /// The end of a dotted quad starting at `s`, or nil.
    func ipv4End(start s: Int) -> Int? {
        var i = s
        var octets = 0
        while true {
            let gs = i
            var v = 0
            while ByteClass.isDigit(at(i)) && i - gs < 4 {
                v = v * 10 + Int(at(i) &- 0x30)
                i += 1
            }
            let gl = i - gs
            guard gl >= 1, gl <= 3, v <= 255, !(gl > 1 && at(gs) == 0x30) else { return nil }
            octets += 1
            if octets == 4 { return i }
            guard at(i) == 0x2E, ByteClass.isDigit(at(i + 1)) else { return nil }
            i += 1
        }
    }

    /// A payment card number: 12–19 digits, plain or in groups of 3–8 separated by one kind of
    /// separator (space or dash), Luhn-valid, from a known issuer (or with a card context word).
    func card(start s: Int) -> PIIMatch? {
        var i = s
        var digits = 0
        var prefix6 = 0
        var sep: UInt8 = 0
        var groups = 0
        while true {
            let gs = i
            while ByteClass.isDigit(at(i)) {
                if digits < 6 { prefix6 = prefix6 * 10 + Int(at(i) &- 0x30) }
                digits += 1
                i += 1
                if digits > 19 { return nil }
            }
            let gl = i - gs
            groups += 1
            let c = at(i)
            let continues = (c == 0x20 || c == 0x2D) && (sep == 0 || sep == c) && ByteClass.isDigit(at(i + 1))
                && (groups > 1 || gl <= 8)
            if groups > 1 || continues {
                guard gl >= 3, gl <= 8 else { return nil }
            }
            if !continues { break }
            sep = c
            i += 1
        }
        let end = i
        guard digits >= 12, numberEndsAt(end) else { return nil }
        if groups > 1 && digits < 13 { return nil }
        guard Luhn.isValid(b, s..<end) else { return nil }
        let context = ctxBefore(s, ContextWords.card)
        let negative = !context && ctxBefore(s, ContextWords.negativeNumber, window: 24)
        var score: Double
        var explanation: String
        if let issuer = CardIssuer.identify(prefix6: prefix6, length: digits) {
            explanation = issuer.explanation
            switch issuer {
            case .maestro where digits < 16:
                score = context ? 0.88 : 0.45
            case .uatp:
                score = context ? 0.88 : 0.6
            default:
                score = context ? 0.97 : 0.9
            }
        } else if context {
            score = 0.8
            explanation = "Luhn-valid card number with card context word"
        } else {
            return nil
        }
        if negative { score = min(score, 0.45) }
        return PIIMatch(category: PIICategory.creditCard, start: s, end: end, score: score, explanation: explanation)
    }

    /// A US SSN (`AAA-GG-SSSS`, with spaces or dots, or nine digits next to an SSN context word)
    /// or a US bank routing number (nine digits or `DDDD-DDDD-D`, ABA checksum, routing context
    /// word required).
    func ssnOrRouting(start s: Int, runEnd e: Int) -> PIIMatch? {
        let len = e - s
        if len == 3 {
            let sep = at(e)
            guard sep == 0x2D || sep == 0x20 || sep == 0x2E else { return nil }
            guard ByteClass.isDigit(at(e + 1)), ByteClass.isDigit(at(e + 2)), at(e + 3) == sep else { return nil }
            for k in (e + 4)..<(e + 8) where !ByteClass.isDigit(at(k)) { return nil }
            let end = e + 8
            guard numberEndsAt(end) else { return nil }
            if sep == 0x20 && ByteClass.isDigit(at(end + 1)) { return nil }
            let area = digitsValue(s, 3)
            let group = digitsValue(e + 1, 2)
            let serial = digitsValue(e + 4, 4)
            guard SSNValidator.isValid(area: area, group: group, serial: serial) else { return nil }
            let context = ctxBefore(s, ContextWords.ssn)
            var score: Double
            if sep == 0x2D {
                score = context ? 0.95 : 0.7
            } else {
                if !context && ctxBefore(s, ContextWords.phone) { return nil }
                score = context ? 0.9 : 0.5
            }
            if !context && ctxBefore(s, ContextWords.negativeNumber, window: 24) { score -= 0.3 }
            return PIIMatch(
                category: PIICategory.ssn, start: s, end: end, score: score,
                explanation: context ? "US SSN with context word" : "US SSN-shaped number (valid area, group, serial)")
        }
        if len == 9 && numberEndsAt(e) {
            if ctxBefore(s, ContextWords.routing) && ABARouting.isValid(b, s..<e) {
                return PIIMatch(
                    category: PIICategory.bankRouting, start: s, end: e, score: 0.9,
                    explanation: "ABA-checksum-valid routing number with context word")
            }
            if ctxBefore(s, ContextWords.ssn)
                && SSNValidator.isValid(area: digitsValue(s, 3), group: digitsValue(s + 3, 2), serial: digitsValue(s + 5, 4))
            {
                return PIIMatch(
                    category: PIICategory.ssn, start: s, end: e, score: 0.85,
                    explanation: "Nine-digit US SSN with context word")
            }
            return nil
        }
        // DDDD-DDDD-D routing layout.
        if len == 4 && at(e) == 0x2D {
            for k in (e + 1)..<(e + 5) where !ByteClass.isDigit(at(k)) { return nil }
            guard at(e + 5) == 0x2D, ByteClass.isDigit(at(e + 6)) else { return nil }
            let end = e + 7
            guard numberEndsAt(end), ctxBefore(s, ContextWords.routing), ABARouting.isValid(b, s..<end) else {
                return nil
            }
            return PIIMatch(
                category: PIICategory.bankRouting, start: s, end: end, score: 0.9,
                explanation: "ABA-checksum-valid routing number with context word")
        }
        return nil
    }

    /// The decimal value of `count` ASCII digits at `s` (non-digits count as 0).
    @inline(__always) func digitsValue(_ s: Int, _ count: Int) -> Int {
        var v = 0
        for k in s..<(s + count) {
            let c = at(k)
            v = v * 10 + (ByteClass.isDigit(c) ? Int(c &- 0x30) : 0)
        }
        return v
    }
}
