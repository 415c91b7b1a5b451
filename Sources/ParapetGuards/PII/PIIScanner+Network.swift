import ParapetCore

/// IPv6 and MAC addresses.
extension PIIScanner {
    /// A MAC address at `s`: six hex pairs separated by `:` or `-`, or Cisco `xxxx.xxxx.xxxx`.
    /// All-zero and broadcast (all-FF) addresses are not reported.
    func mac(start s: Int) -> PIIMatch? {
        let p = at(s - 1)
        guard !ByteClass.isWord(p), p != 0x3A, p != 0x2D, p != 0x2E else { return nil }
        var allZero = true
        var allF = true
        var end = 0
        var cisco = false
        let sep = at(s + 2)
        if sep == 0x3A || sep == 0x2D {
            for k in 0..<6 {
                let a = at(s + 3 * k)
                let c = at(s + 3 * k + 1)
                guard ByteClass.isHex(a), ByteClass.isHex(c) else { return nil }
                if k < 5 && at(s + 3 * k + 2) != sep { return nil }
                if a != 0x30 || c != 0x30 { allZero = false }
                if a | 0x20 != 0x66 || c | 0x20 != 0x66 { allF = false }
            }
            end = s + 17
            if at(end) == sep && ByteClass.isHex(at(end + 1)) { return nil }
        } else if at(s + 4) == 0x2E {
            var letter = false
            for k in 0..<3 {
                for j in 0..<4 {
                    let c = at(s + 5 * k + j)
                    guard ByteClass.isHex(c) else { return nil }
                    if ByteClass.isAlpha(c) { letter = true }
                    if c != 0x30 { allZero = false }
                    if c | 0x20 != 0x66 { allF = false }
                }
                if k < 2 && at(s + 5 * k + 4) != 0x2E { return nil }
            }
            end = s + 14
            guard letter || ctxBefore(s, ContextWords.mac) else { return nil }
            if at(end) == 0x2E && ByteClass.isAlnum(at(end + 1)) { return nil }
            cisco = true
        } else {
            return nil
        }
        guard !ByteClass.isWord(at(end)), !allZero, !allF else { return nil }
        let context = ctxBefore(s, ContextWords.mac)
        return PIIMatch(
            category: PIICategory.macAddress, start: s, end: end, score: context ? 0.9 : 0.75,
            explanation: cisco ? "MAC address (Cisco dotted notation)" : "MAC address")
    }

    /// An IPv6 address at `s` (a hex digit or `::`): eight groups, or fewer with one `::`,
    /// optionally ending in an IPv4 dotted quad, optionally with a `/0…128` prefix length.
    func ipv6(start s: Int) -> PIIMatch? {
        let p = at(s - 1)
        guard !ByteClass.isWord(p), p != 0x3A, p != 0x2E else { return nil }
        var i = s
        var groups = 0
        var compressed = false
        if at(i) == 0x3A {
            guard at(i + 1) == 0x3A else { return nil }
            compressed = true
            i += 2
        }
        var ipv4Suffix = false
        while true {
            let gs = i
            while ByteClass.isHex(at(i)) && i - gs < 5 { i += 1 }
            let gl = i - gs
            if gl == 0 {
                // Nothing after "::" (or at the start): the address ends here.
                guard compressed && (groups == 0 || at(i - 1) == 0x3A) else { return nil }
                break
            }
            if at(i) == 0x2E && ByteClass.isDigit(at(i + 1)) {
                // An IPv4 tail such as ::ffff:192.0.2.1.
                guard let e4 = ipv4End(start: gs) else { return nil }
                i = e4
                groups += 2
                ipv4Suffix = true
                break
            }
            guard gl <= 4 else { return nil }
            groups += 1
            if at(i) == 0x3A {
                if at(i + 1) == 0x3A {
                    if compressed { return nil }
                    compressed = true
                    i += 2
                    continue
                }
                if ByteClass.isHex(at(i + 1)) {
                    i += 1
                    continue
                }
            }
            break
        }
        var end = i
        if ByteClass.isWord(at(end)) { return nil }
        if at(end) == 0x3A && ByteClass.isHex(at(end + 1)) { return nil }
        if at(end) == 0x2E && ByteClass.isDigit(at(end + 1)) { return nil }
        if compressed { guard groups <= 7 else { return nil } } else { guard groups == 8 else { return nil } }
        var cidr = false
        if at(end) == 0x2F && ByteClass.isDigit(at(end + 1)) {
            var v = 0
            var k = end + 1
            while ByteClass.isDigit(at(k)) && k - end <= 4 {
                v = v * 10 + Int(at(k) &- 0x30)
                k += 1
            }
            if v <= 128 && k - end <= 4 && !ByteClass.isWord(at(k)) {
                end = k
                cidr = true
            }
        }
        let context = ctxBefore(s, ContextWords.ip, window: 24)
        var score: Double
        if groups == 0 {
            // A bare "::" is only an address with a prefix length or an IP context word.
            guard cidr || context else { return nil }
            score = 0.6
        } else if groups == 1 && compressed && !ipv4Suffix {
            score = context ? 0.85 : 0.7
        } else {
            score = context ? 0.92 : 0.82
        }
        return PIIMatch(
            category: PIICategory.ipAddress, start: s, end: end, score: score,
            explanation: cidr ? "IPv6 network in CIDR notation" : "IPv6 address")
    }
}
