/// Recognises values that look like secrets but are documentation placeholders, templates,
/// masks or test fixtures: `xxxx…`, `<your-key>`, `${API_KEY}`, `{{token}}`, `your_api_key_here`,
/// `changeme`, `password123`, anything mentioning `EXAMPLE`/`dummy`/`sample`/`placeholder`, a
/// `fake`/`test`/`mock`/`demo` word part, long runs of one character and sequential runs
/// (`123456`, `abcdef`).
///
/// A random credential trips these checks with negligible probability (a run of five equal
/// base62 characters, or a particular seven-letter word, in a 40-character token is < 1e-5).
enum PlaceholderFilter {
    /// `b` is the original text, `l` the lowered text; `range` is the value.
    static func isPlaceholder(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard !range.isEmpty else { return true }
        if hasTemplateMarker(l, range) { return true }
        for word: StaticString in [
            "example", "placeholder", "dummy", "sample", "changeme", "change_me", "change-me", "redacted",
            "your", "xxxx", "****", "....", "replace", "insert", "secret_here", "key_here", "token_here",
            "notasecret", "not_a_secret", "not-a-secret",
        ] where SecretBytes.contains(l, range, word) {
            return true
        }
        for word: StaticString in ["fake", "test", "mock", "demo"] where hasWordPart(b, l, range, word) {
            return true
        }
        if hasRun(b, range) { return true }
        return isDictionaryPassword(l, range)
    }

    /// `${…}`, `{{…}}`, `<…>`, `%(…)s`, `$VAR`, `[…]` anywhere at the start or as wrappers.
    static func hasTemplateMarker(_ l: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        let first = l[range.lowerBound]
        if first == UInt8(ascii: "<") || first == UInt8(ascii: "$") || first == UInt8(ascii: "{")
            || first == UInt8(ascii: "%") || first == UInt8(ascii: "[")
        {
            return true
        }
        return SecretBytes.contains(l, range, "${") || SecretBytes.contains(l, range, "{{")
            || SecretBytes.contains(l, range, "}}") || SecretBytes.contains(l, range, "%(")
    }

    /// `word` (lower-case, 4 letters) at a word-part boundary on at least one side: text edge,
    /// a non-letter, or a case change.
    static func hasWordPart(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ word: StaticString) -> Bool {
        let n = word.utf8CodeUnitCount
        var p = range.lowerBound
        while let q = SecretBytes.firstIndex(l, p..<range.upperBound, word) {
            let before = q == range.lowerBound || !ByteClass.isAlpha(b[q - 1])
                || (ByteClass.isUpper(b[q]) && ByteClass.isLower(b[q - 1]))
            let e = q + n
            let after = e == range.upperBound || !ByteClass.isAlpha(b[e])
                || (ByteClass.isLower(b[e - 1]) && ByteClass.isUpper(b[e]))
            if before || after { return true }
            p = q + 1
        }
        return false
    }

    /// Five or more equal bytes in a row, or six or more consecutive ascending/descending bytes
    /// (`123456`, `abcdef`, `987654`).
    static func hasRun(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        var same = 1, up = 1, down = 1
        var i = range.lowerBound + 1
        while i < range.upperBound {
            let c = b[i], p = b[i - 1]
            same = c == p ? same + 1 : 1
            up = (c == p &+ 1 && ByteClass.isAlnum(c)) ? up + 1 : 1
            down = (c &+ 1 == p && ByteClass.isAlnum(c)) ? down + 1 : 1
            if same >= 5 || up >= 6 || down >= 6 { return true }
            i += 1
        }
        return false
    }

    /// Common passwords with digits/symbols around them and simple leetspeak: `password123`,
    /// `P@ssw0rd!`, `admin2024`, `Secret1!`.
    static func isDictionaryPassword(_ l: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.count <= 24 else { return false }
        return withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 24) { buf -> Bool in
            var n = 0
            for i in range {
                var c = l[i]
                switch c {
                case UInt8(ascii: "0"): c = UInt8(ascii: "o")
                case UInt8(ascii: "@"), UInt8(ascii: "4"): c = UInt8(ascii: "a")
                case UInt8(ascii: "$"), UInt8(ascii: "5"): c = UInt8(ascii: "s")
                case UInt8(ascii: "3"): c = UInt8(ascii: "e")
                case UInt8(ascii: "1"), UInt8(ascii: "!"): c = UInt8(ascii: "i")
                default: break
                }
                buf[n] = c
                n += 1
            }
            // The core: drop leading digits/symbols (except leet letters) and trailing non-letters.
            var lo = range.lowerBound, hi = range.upperBound
            while lo < hi && !ByteClass.isAlpha(l[lo]) && !isLeet(l[lo]) { lo += 1 }
            while hi > lo && !ByteClass.isAlpha(l[hi - 1]) { hi -= 1 }
            guard hi - lo >= 3 else { return false }
            let core = UnsafeBufferPointer(rebasing: buf[(lo - range.lowerBound)..<(hi - range.lowerBound)])
            for word: StaticString in [
                "password", "passwort", "passwd", "secret", "admin", "letmein", "qwerty", "welcome", "default",
                "iloveyou", "hunter", "monkey", "dragon", "master", "login", "guest", "root", "pass", "abc",
                "asdf", "trustno",
            ] {
                let wn = word.utf8CodeUnitCount
                // The core is the word, optionally with a short alphabetic tail ("passwordabc").
                if core.count >= wn && core.count <= wn + 3 && core.matches(word, at: 0) { return true }
            }
            return false
        }
    }

    @inline(__always) private static func isLeet(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "@") || c == UInt8(ascii: "$") || c == UInt8(ascii: "0")
    }
}
