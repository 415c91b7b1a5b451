import ParapetCore

/// URLs (`http://`, `https://`, `ftp://`, `www.`) and bare domain names.
extension PIIScanner {
    /// A URL whose scheme or `www` is the word `b[s..<wordEnd]`.
    func url(start s: Int, wordEnd e: Int) -> PIIMatch? {
        let w = e - s
        let hostStart: Int
        var www = false
        if w == 4 && l.matches("http://", at: s) {
            hostStart = s + 7
        } else if w == 5 && l.matches("https://", at: s) {
            hostStart = s + 8
        } else if w == 3 && l.matches("ftp://", at: s) {
            hostStart = s + 6
        } else if w == 3 && l.matches("www.", at: s) {
            hostStart = s + 4
            www = true
        } else {
            return nil
        }
        var i = hostStart
        var opens = 0
        var closes = 0
        while i < n {
            let c = b[i]
            if c <= 0x20 || c == 0x3C || c == 0x3E || c == 0x22 || c == 0x60 || c == 0x7B || c == 0x7D || c == 0x7C
                || c == 0x5C || c == 0x5E || c == 0x7F
            {
                break
            }
            if c == 0x28 { opens += 1 } else if c == 0x29 { closes += 1 }
            i += 1
        }
        var end = i
        while end > hostStart {
            let c = b[end - 1]
            if c == 0x2E || c == 0x2C || c == 0x3B || c == 0x3A || c == 0x21 || c == 0x3F || c == 0x27 || c == 0x2A {
                end -= 1
            } else if c == 0x29 && closes > opens {
                closes -= 1
                end -= 1
            } else if c == 0x5D {
                end -= 1
            } else {
                break
            }
        }
        // Host: up to '/', '?', '#', or ':' (port).
        var hostEnd = hostStart
        while hostEnd < end {
            let c = b[hostEnd]
            if c == 0x2F || c == 0x3F || c == 0x23 || (c == 0x3A && !www && at(hostStart) != 0x5B) { break }
            hostEnd += 1
        }
        guard hostEnd > hostStart else { return nil }
        let first = b[hostStart]
        guard ByteClass.isAlnum(first) || first == 0x5B || first >= 0x80 else { return nil }
        if www {
            // www.<name>.<tld>: a dot after the first label and an alphabetic last label.
            var lastDot = -1
            for k in hostStart..<hostEnd where b[k] == 0x2E { lastDot = k }
            guard lastDot > hostStart, hostEnd - lastDot - 1 >= 2 else { return nil }
            for k in (lastDot + 1)..<hostEnd where !ByteClass.isAlpha(b[k]) { return nil }
        }
        return PIIMatch(
            category: PIICategory.url, start: s, end: end, score: www ? 0.85 : 0.9,
            explanation: www ? "Web address (www host)" : "URL")
    }

    /// A bare domain name such as `example.com` at the word start `s`, with a common top-level
    /// domain. Scored below the default threshold unless a context word ("domain", "website" …) is
    /// near. Also returns the end of the dotted chain, so a failed chain is skipped whole.
    func bareDomain(start s: Int) -> (PIIMatch?, Int) {
        var i = s
        var labels = 0
        var lastStart = s
        while true {
            let ls = i
            while i < n && (ByteClass.isAlnum(b[i]) || b[i] == 0x2D) && i - ls < 64 { i += 1 }
            let ll = i - ls
            if ll == 0 || ll > 63 || i - s > 253 { return (nil, max(i, s + 1)) }
            labels += 1
            lastStart = ls
            if at(i) == 0x2E && ByteClass.isAlnum(at(i + 1)) {
                i += 1
                continue
            }
            break
        }
        let end = i
        let after = at(end)
        if ByteClass.isWord(after) || after == 0x40 || after == 0x2D { return (nil, end) }
        guard labels >= 2, Self.isCommonTLD(l, lastStart, end) else { return (nil, end) }
        let context = ctxBefore(s, ContextWords.domain, window: 32)
        return (
            PIIMatch(
                category: PIICategory.url, start: s, end: end, score: context ? 0.6 : 0.4,
                explanation: context ? "Domain name with context word" : "Domain name"),
            end
        )
    }

    /// Common generic and country top-level domains, packed as up to four lower-case bytes.
    /// Country codes that are also common file extensions (.py, .md, .sh, .rs, .pl, .cc) are left
    /// out.
    static let commonTLDs: Set<UInt32> = {
        let list = [
            "com", "org", "net", "edu", "gov", "mil", "int", "io", "co", "ai", "app", "dev", "info", "biz", "me",
            "us", "uk", "de", "fr", "it", "es", "nl", "be", "ch", "at", "se", "no", "dk", "fi", "ie", "il", "jp",
            "cn", "ru", "br", "au", "ca", "in", "eu", "nz", "za", "mx", "ar", "kr", "tw", "hk", "sg", "site",
            "online", "tech", "store", "xyz", "shop", "blog", "cloud", "tv", "ly", "gr", "pt", "cz", "hu", "ro",
            "ua", "tr", "cl", "id", "my", "ph", "vn", "th",
        ]
        var out = Set<UInt32>()
        for tld in list {
            let bytes = Array(tld.utf8)
            if bytes.count <= 4 { out.insert(pack(bytes, 0, bytes.count)) } else { out.insert(packLong(bytes)) }
        }
        return out
    }()

    static func pack(_ bytes: [UInt8], _ from: Int, _ to: Int) -> UInt32 {
        var v: UInt32 = 0
        for k in from..<to { v = v << 8 | UInt32(bytes[k]) }
        return v
    }

    /// Longer TLDs (up to 6 letters) are folded into a tagged hash of their bytes.
    static func packLong(_ bytes: [UInt8]) -> UInt32 {
        var v: UInt32 = 0x8000_0000
        for c in bytes { v = (v &* 31 &+ UInt32(c)) | 0x8000_0000 }
        return v
    }

    static func isCommonTLD(_ l: UnsafeBufferPointer<UInt8>, _ s: Int, _ e: Int) -> Bool {
        let len = e - s
        guard len >= 2, len <= 6, s >= 0, e <= l.count else { return false }
        var v: UInt32 = 0
        if len <= 4 {
            for k in s..<e {
                guard ByteClass.isLower(l[k]) else { return false }
                v = v << 8 | UInt32(l[k])
            }
        } else {
            v = 0x8000_0000
            for k in s..<e {
                guard ByteClass.isLower(l[k]) else { return false }
                v = (v &* 31 &+ UInt32(l[k])) | 0x8000_0000
            }
        }
        return commonTLDs.contains(v)
    }
}
