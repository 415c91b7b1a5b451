import Foundation
import ParapetCore

/// Values assigned to key-like names, triggered by `=` or `:` (`api_key = "…"`,
/// `"client_secret": "…"`, `password: …`, `token=…`, `SECRET_KEY=…`, `--password=…`,
/// `Authorization: Bearer …`, `'key' => '…'`, `key := "…"`). The hit covers the value only.
///
/// A 40-character base64 value assigned to an AWS secret name (or to a `secret` name with `aws`
/// in the preceding 256 bytes) is `secret.aws_secret_key`; everything else is `secret.generic`.
///
/// Entropy thresholds (Shannon, bits per byte), tuned on random and human-written values:
/// - ordinary names: value ≥ 16 bytes, entropy ≥ min(3.5, log2(n) − 0.75) — 3.25 at 16 bytes,
///   3.5 from 20 bytes. Random base62/hex/base64 strings clear it (hex of 32 ≈ 3.8, base62 of
///   32 ≈ 4.7); English words run together rarely do. A value of one class only (all lower,
///   all upper letters) needs ≥ 4.0; digits only never qualify.
/// - password names: value ≥ 8 bytes, two or more classes, entropy ≥ min(3.0, log2(n) − 0.5),
///   and not a dictionary password (`P@ssw0rd!`, `admin2024`).
/// Scores: strong name 0.7 / password 0.65 / bare `key` 0.45, plus up to 0.15 with the entropy
/// margin above the threshold.
enum AssignmentRule {
    static let maxValue = 512

    /// `blobEnd`: when an unquoted value runs past `maxValue` without a stop byte, the rule sets it
    /// to where it stopped looking; the scanner then ignores `=`/`:` before that offset (they are
    /// inside a blob, not assignments), which keeps pathological input such as `secret=secret=…`
    /// linear with a small constant.
    static func match(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, sep c: Int, blobEnd: inout Int)
        -> DetectorHit?
    {
        let n = b.count
        let sepByte = b[c]
        var nameEnd = c
        var valueStart = c + 1
        if sepByte == UInt8(ascii: "=") {
            if c + 1 < n && b[c + 1] == UInt8(ascii: "=") { return nil }
            if c + 1 < n && b[c + 1] == UInt8(ascii: ">") { valueStart = c + 2 }
            if c > 0 {
                let p = b[c - 1]
                if p == UInt8(ascii: "=") || p == UInt8(ascii: "!") || p == UInt8(ascii: "<") || p == UInt8(ascii: ">") { return nil }
                if p == UInt8(ascii: ":") || p == UInt8(ascii: "+") || p == UInt8(ascii: "?") { nameEnd = c - 1 }
            }
        } else {
            // ':' — skip `::`, `:=`, `://`.
            if c + 1 < n {
                let nx = b[c + 1]
                if nx == UInt8(ascii: ":") || nx == UInt8(ascii: "=") || nx == UInt8(ascii: "/") { return nil }
            }
            if c > 0 && b[c - 1] == UInt8(ascii: ":") { return nil }
        }
        // Name: back over spaces, an optional `]` and closing quote, then [A-Za-z0-9_.-].
        var j = nameEnd
        var spaces = 0
        while j > 0 && (b[j - 1] == 0x20 || b[j - 1] == 0x09) && spaces < 8 {
            j -= 1
            spaces += 1
        }
        if j > 0 && b[j - 1] == UInt8(ascii: "]") { j -= 1 }  // config["api_key"] = …
        if j > 0 && isQuote(b[j - 1]) { j -= 1 }
        let nEnd = j
        while j > 0 && isNameByte(b[j - 1]) && nEnd - j < 80 { j -= 1 }
        let name = j..<nEnd
        guard name.count >= 3, let key = KeyName.classify(b, l, name) else { return nil }

        // Value: after spaces, an optional quote, an optional auth scheme.
        var v = valueStart
        spaces = 0
        while v < n && (b[v] == 0x20 || b[v] == 0x09) && spaces < 8 {
            v += 1
            spaces += 1
        }
        guard v < n else { return nil }
        var quote: UInt8 = 0
        if isQuote(b[v]) {
            quote = b[v]
            v += 1
        }
        var bearer = false  // an HTTP auth scheme (Bearer/Token/Basic) preceded the value
        for scheme: StaticString in ["bearer ", "token ", "basic "] where l.matches(scheme, at: v) {
            v += scheme.utf8CodeUnitCount
            while v < n && b[v] == 0x20 { v += 1 }
            bearer = true
            break
        }
        var e = v
        let limit = min(n, v + maxValue + 1)
        if quote != 0 {
            while e < limit && b[e] != quote && b[e] != 0x0A && b[e] != 0x0D { e += 1 }
            guard e < n, b[e] == quote else { return nil }
        } else {
            while e < limit && !isUnquotedStop(b[e]) { e += 1 }
            if e - v > maxValue {
                blobEnd = e
                return nil
            }
            if e < n && b[e] == UInt8(ascii: "(") { return nil }  // a call: `token = getToken()`
            while e > v && (b[e - 1] == UInt8(ascii: ".") || b[e - 1] == UInt8(ascii: ",")) { e -= 1 }
        }
        let value = v..<e
        guard value.count <= maxValue, value.count >= (key.strength == .password ? 8 : 16) else { return nil }
        if key.strength == .password && !bearer {
            for i in value where b[i] == 0x20 || b[i] < 0x20 || b[i] == 0x7F { return nil }
        } else {
            for i in value where !isTokenByte(b[i]) { return nil }
        }
        if SecretBytes.contains(l, value, "://") { return nil }
        let cls = SecretBytes.classes(b, value)
        if quote == 0 && cls.digit == 0 && isIdentifierLike(b, value) { return nil }

        // Cheap statistics first; the placeholder word scan runs only on values that pass them.
        let h = ShannonEntropy.bitsPerByte(b, value)
        let len = Double(value.count)
        let classCount = (cls.lower > 0 ? 1 : 0) + (cls.upper > 0 ? 1 : 0) + (cls.digit > 0 ? 1 : 0) + (cls.other > 0 ? 1 : 0)
        let threshold: Double
        let base: Double
        switch key.strength {
        case .password:
            guard classCount >= 2 else { return nil }
            threshold = min(3.0, log2(len) - 0.5)
            base = 0.65
        case .strong, .weak:
            if classCount == 1 {
                guard cls.digit == 0, h >= 4.0 else { return nil }
            }
            threshold = min(3.5, log2(len) - 0.75)
            base = key.strength == .strong ? 0.7 : 0.45
        }
        guard h >= threshold, !PlaceholderFilter.isPlaceholder(b, l, value) else { return nil }

        let bits = ShannonEntropy.format(h)
        let label = nameLabel(b, name: name, value: value)
        if let aws = awsSecret(b, l, name: name, value: value, key: key, classes: cls, entropy: h) {
            return DetectorHit(
                category: SecretCategory.awsSecretKey, range: value, score: aws,
                explanation: "AWS secret access key (\(bits) bits/char) assigned to \(label)")
        }
        let score = min(base + 0.15, base + (h - threshold) * 0.15)
        let what = bearer ? "high-entropy authorization credential" : (key.strength == .password ? "password" : "high-entropy value")
        return DetectorHit(
            category: SecretCategory.generic, range: value, score: score,
            explanation: "\(what) (\(bits) bits/char) assigned to \(label)")
    }

    /// The AWS secret-access-key score, or nil when the value is not one.
    private static func awsSecret(
        _ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, name: Range<Int>, value: Range<Int>, key: KeyName,
        classes: (lower: Int, upper: Int, digit: Int, other: Int), entropy: Double
    ) -> Double? {
        guard value.count == 40, key.mentionsSecret || key.mentionsAWS else { return nil }
        for i in value where !SecretBytes.isBase64(b[i]) { return nil }
        guard classes.lower > 0, classes.upper > 0, classes.digit > 0, entropy >= 4.0 else { return nil }
        if key.mentionsAWS && key.mentionsSecret { return 0.95 }
        if SecretBytes.contains(l, name, "secretaccesskey") || SecretBytes.contains(l, name, "secret_access_key") { return 0.9 }
        if key.mentionsSecret && SecretBytes.contains(l, max(0, name.lowerBound - 256)..<name.lowerBound, "aws") { return 0.9 }
        return nil
    }

    /// The name in backticks, or a neutral phrase if it would quote any of the value.
    private static func nameLabel(_ b: UnsafeBufferPointer<UInt8>, name: Range<Int>, value: Range<Int>) -> String {
        let shown = name.count > 48 ? (name.upperBound - 48)..<name.upperBound : name
        // Guard against `abc…=abc…`: never echo a name that shares 6+ bytes with the value.
        if shown.count >= 6 && value.count >= 6 {
            let probe = value.lowerBound..<(value.lowerBound + 6)
            var p = shown.lowerBound
            while p + 6 <= shown.upperBound {
                var same = true
                for k in 0..<6 where b[p + k] != b[probe.lowerBound + k] {
                    same = false
                    break
                }
                if same { return "a key-like name" }
                p += 1
            }
        }
        return "`" + String(decoding: UnsafeBufferPointer(rebasing: b[shown]), as: UTF8.self) + "`"
    }

    @inline(__always) private static func isQuote(_ c: UInt8) -> Bool {
        c == UInt8(ascii: "\"") || c == UInt8(ascii: "'") || c == UInt8(ascii: "`")
    }

    @inline(__always) private static func isNameByte(_ c: UInt8) -> Bool {
        ByteClass.isAlnum(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".")
    }

    /// Bytes allowed in a token-like value: base64, base64url, hex and common separators.
    @inline(__always) private static func isTokenByte(_ c: UInt8) -> Bool {
        ByteClass.isAlnum(c) || c == UInt8(ascii: "+") || c == UInt8(ascii: "/") || c == UInt8(ascii: "=")
            || c == UInt8(ascii: "_") || c == UInt8(ascii: "-") || c == UInt8(ascii: ".") || c == UInt8(ascii: "~")
    }

    @inline(__always) private static func isUnquotedStop(_ c: UInt8) -> Bool {
        switch c {
        case 0x20, 0x09, 0x0A, 0x0D, 0x0B, 0x0C, UInt8(ascii: "\""), UInt8(ascii: "'"), UInt8(ascii: "`"), UInt8(ascii: ","),
            UInt8(ascii: ";"), UInt8(ascii: ")"), UInt8(ascii: "]"), UInt8(ascii: "}"), UInt8(ascii: ">"), UInt8(ascii: "("),
            UInt8(ascii: "&"), UInt8(ascii: "|"):
            return true
        default:
            return false
        }
    }

    /// Letters, `_` and `.` only, like `config.apiToken` or `self.secret_value`.
    private static func isIdentifierLike(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        for i in r {
            let c = b[i]
            if !(ByteClass.isAlpha(c) || c == UInt8(ascii: "_") || c == UInt8(ascii: ".")) { return false }
        }
        return true
    }
}
