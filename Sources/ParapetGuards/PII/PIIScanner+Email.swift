import ParapetCore

/// Email addresses, found from their `@`.
extension PIIScanner {
    @inline(__always) static func isLocalByte(_ c: UInt8) -> Bool {
        ByteClass.isAlnum(c) || c == 0x2E || c == 0x5F || c == 0x25 || c == 0x2B || c == 0x2D
    }

    @inline(__always) static func isDomainByte(_ c: UInt8) -> Bool {
        ByteClass.isAlnum(c) || c == 0x2D || c >= 0x80
    }

    /// An email address around the `@` at `a`: a local part of up to 64 bytes before it, a
    /// domain of at least two labels after it, with an alphabetic (or punycode) top-level label.
    func email(at a: Int) -> PIIMatch? {
        var s = a
        let limit = max(0, a - 64)
        while s > limit && Self.isLocalByte(b[s - 1]) { s -= 1 }
        while s < a && b[s] == 0x2E { s += 1 }
        guard s < a, b[a - 1] != 0x2E else { return nil }
        // Domain.
        var i = a + 1
        var labels = 0
        var lastStart = i
        while true {
            let ls = i
            while i < n && Self.isDomainByte(b[i]) && i - ls < 64 { i += 1 }
            let ll = i - ls
            guard ll >= 1, ll <= 63, !Self.isDomainByte(at(i)), b[ls] != 0x2D, b[i - 1] != 0x2D else { return nil }
            labels += 1
            lastStart = ls
            if i - a > 254 { return nil }
            if at(i) == 0x2E && Self.isDomainByte(at(i + 1)) {
                i += 1
                continue
            }
            break
        }
        let end = i
        guard labels >= 2, at(end) != 0x40 else { return nil }
        // Top-level label: two or more letters, punycode (xn--…), or non-ASCII letters.
        let tldLength = end - lastStart
        var tldOK = tldLength >= 2
        if tldOK && !(low(lastStart) == 0x78 && low(lastStart + 1) == 0x6E && at(lastStart + 2) == 0x2D) {
            for k in lastStart..<end where !(ByteClass.isAlpha(b[k]) || b[k] >= 0x80) {
                tldOK = false
                break
            }
        }
        guard tldOK else { return nil }
        return PIIMatch(category: PIICategory.email, start: s, end: end, score: 0.95, explanation: "Email address")
    }
}
