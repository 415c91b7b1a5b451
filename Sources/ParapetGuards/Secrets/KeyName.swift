/// How strongly a variable/field/header name suggests that its value is a credential.
///
/// Keywords: `secret`, `token`, `password`/`passwd`/`passwort`/`passphrase`/`pwd`/`_pass`, `credential`,
/// `auth` (not `author`), `apikey`/`api_key`/`api-key`, `bearer`, and `key` as a word part
/// (`key`, `KEY`, `signingKey`, `license_key`; not `monkey`, `keyboard`). Names that describe
/// metadata rather than the value are excluded (`public_key`, `token_type`, `key_id`,
/// `auth_url`, `max_tokens`, `tokenizer`, …).
struct KeyName {
    enum Strength: Comparable {
        /// Only a bare `key`: the value is reported below 0.5 unless it is very random.
        case weak
        /// A password field: shorter values (≥ 8) are accepted.
        case password
        /// `secret`, `token`, `api_key`, `credential`, `auth`, `private_key`, …
        case strong
    }

    let strength: Strength
    let mentionsAWS: Bool
    let mentionsSecret: Bool

    /// Classifies `l[range]` (lowered text); `b` is the original text, for camelCase boundaries.
    static func classify(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> KeyName? {
        guard range.count >= 3, mayHoldKeyword(l, range), !isExcluded(l, range) else { return nil }
        let secret = SecretBytes.contains(l, range, "secret")
        let aws = SecretBytes.contains(l, range, "aws")
        if secret || SecretBytes.contains(l, range, "credential") || SecretBytes.contains(l, range, "bearer")
            || SecretBytes.contains(l, range, "apikey") || SecretBytes.contains(l, range, "api_key")
            || SecretBytes.contains(l, range, "api-key") || hasToken(l, range) || hasAuth(l, range)
        {
            return KeyName(strength: .strong, mentionsAWS: aws, mentionsSecret: secret)
        }
        if isPassword(l, range) { return KeyName(strength: .password, mentionsAWS: aws, mentionsSecret: false) }
        if let k = keyWordPart(b, l, range) {
            return KeyName(strength: k ? .strong : .weak, mentionsAWS: aws, mentionsSecret: false)
        }
        return nil
    }

    /// One cheap pass: does any keyword start in the name? Most names (`x`, `config`, `region`)
    /// are rejected here, before the exclusion lists run.
    private static func mayHoldKeyword(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var p = r.lowerBound
        let end = r.upperBound
        while p + 3 <= end {
            switch l[p] {
            case UInt8(ascii: "k"): if l[p + 1] == UInt8(ascii: "e") && l[p + 2] == UInt8(ascii: "y") { return true }
            case UInt8(ascii: "s"): if l[p + 1] == UInt8(ascii: "e") && l[p + 2] == UInt8(ascii: "c") { return true }
            case UInt8(ascii: "t"): if l[p + 1] == UInt8(ascii: "o") && l[p + 2] == UInt8(ascii: "k") { return true }
            case UInt8(ascii: "p"):
                if l[p + 1] == UInt8(ascii: "w") && l[p + 2] == UInt8(ascii: "d") { return true }
                if l[p + 1] == UInt8(ascii: "a") && l[p + 2] == UInt8(ascii: "s") { return true }
            case UInt8(ascii: "a"):
                if l[p + 1] == UInt8(ascii: "u") && l[p + 2] == UInt8(ascii: "t") { return true }
                if l[p + 1] == UInt8(ascii: "p") && l[p + 2] == UInt8(ascii: "i") { return true }
            case UInt8(ascii: "c"): if l[p + 1] == UInt8(ascii: "r") && l[p + 2] == UInt8(ascii: "e") { return true }
            case UInt8(ascii: "b"): if l[p + 1] == UInt8(ascii: "e") && l[p + 2] == UInt8(ascii: "a") { return true }
            default: break
            }
            p += 1
        }
        return false
    }

    private static func isExcluded(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for s: StaticString in [
            "id", "ids", "url", "uri", "urls", "endpoint", "path", "file", "filename", "dir", "type", "name", "names",
            "count", "length", "len", "size", "limit", "expiry", "expires", "expiration", "ttl", "header", "prefix",
            "format", "version", "field", "param", "env", "var", "policy", "provider", "mode", "enabled", "required",
            "min", "max", "location", "method", "scope", "scopes", "_at", "usage", "label", "hint", "help", "placeholder",
            "length", "pattern", "regex", "validator", "strength", "policy", "expired", "timeout", "host", "user",
            "username", "email", "hash", "salt", "algorithm", "alg", "index", "count",
        ] where SecretBytes.hasSuffix(l, r, s) {
            return true
        }
        for s: StaticString in ["public", "publishable", "tokeniz", "tokens", "csrf_token_name", "forgot", "reset_url"]
        where SecretBytes.contains(l, r, s) {
            return true
        }
        // `pwd` / `oldpwd` are the shell's working directories.
        if r.count == 3 && l.matches("pwd", at: r.lowerBound) { return true }
        if r.count == 6 && l.matches("oldpwd", at: r.lowerBound) { return true }
        return false
    }

    private static func hasToken(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        SecretBytes.contains(l, r, "token")
    }

    /// `auth` but not `author`/`authority` (unless `authoriz…`).
    private static func hasAuth(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        var p = r.lowerBound
        while let q = SecretBytes.firstIndex(l, p..<r.upperBound, "auth") {
            if !l.matches("author", at: q) || l.matches("authoriz", at: q) { return true }
            p = q + 1
        }
        return false
    }

    private static func isPassword(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        if SecretBytes.contains(l, r, "password") || SecretBytes.contains(l, r, "passwd")
            || SecretBytes.contains(l, r, "passphrase") || SecretBytes.contains(l, r, "pwd")
            || SecretBytes.contains(l, r, "passwort")
        {
            return true
        }
        if r.count == 4 && l.matches("pass", at: r.lowerBound) { return true }
        if r.count > 4 && SecretBytes.hasSuffix(l, r, "pass") {
            let c = l[r.upperBound - 5]
            return c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
        }
        return false
    }

    /// `key` as a word part: nil if absent, true when qualified (`api`, `access`, `private`,
    /// `signing`, `master`, `encryption`, `client`, `app`, `session`, `license`, `service`,
    /// `account`, `admin`, `sas`, `subscription`, `storage`, `shared`, `hmac`, `jwt`, `webhook`
    /// anywhere in the name), false for a bare `key`.
    private static func keyWordPart(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool? {
        var p = r.lowerBound
        var found = false
        while let q = SecretBytes.firstIndex(l, p..<r.upperBound, "key") {
            let e = q + 3
            let before = q == r.lowerBound || !ByteClass.isAlpha(b[q - 1]) || (b[q] == UInt8(ascii: "K") && ByteClass.isLower(b[q - 1]))
                || endsWithQualifier(l, r.lowerBound..<q)
            let after = e == r.upperBound || !ByteClass.isAlpha(b[e]) || (ByteClass.isUpper(b[e]) && ByteClass.isLower(b[e - 1]))
                || (e + 1 == r.upperBound && l[e] == UInt8(ascii: "s"))
            if before && after {
                found = true
                break
            }
            p = q + 1
        }
        guard found else { return nil }
        for s: StaticString in [
            "api", "access", "private", "signing", "master", "encryption", "client", "app", "session", "license",
            "service", "account", "admin", "sas", "subscription", "storage", "shared", "hmac", "jwt", "webhook",
        ] where SecretBytes.contains(l, r, s) {
            return true
        }
        return false
    }

    private static func endsWithQualifier(_ l: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for s: StaticString in ["access", "private", "signing", "master", "encryption", "client", "license", "app"]
        where SecretBytes.hasSuffix(l, r, s) {
            return true
        }
        return false
    }
}
