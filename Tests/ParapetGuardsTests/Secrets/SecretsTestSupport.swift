import ParapetCore
@testable import ParapetGuards

/// Builds realistic but fake credentials at run time (no credential-shaped literals in the
/// source), deterministically from a seed.
struct SecretsFake {
    private var state: UInt64

    init(seed: UInt64) { state = seed &* 0x9E37_79B9_7F4A_7C15 | 1 }

    /// SplitMix64.
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    static let base62 = Array("0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz".utf8)
    static let base64url = base62 + Array("-_".utf8)
    static let base64 = base62 + Array("+/".utf8)
    static let base32 = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567".utf8)
    static let hex = Array("0123456789abcdef".utf8)

    mutating func string(_ count: Int, from alphabet: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(count)
        for _ in 0..<count { out.append(alphabet[Int(next() % UInt64(alphabet.count))]) }
        return String(decoding: out, as: UTF8.self)
    }

    // MARK: Providers

    mutating func awsAccessKey(prefix: String = "AKIA") -> String { prefix + string(16, from: Self.base32) }
    mutating func awsSecretKey() -> String { string(40, from: Self.base64) }

    /// A classic GitHub token with a valid checksum.
    mutating func githubClassic(_ kind: Character = "p") -> String {
        let random = string(30, from: Self.base62)
        return "gh\(kind)_" + random + Self.githubChecksum(random)
    }

    /// A classic GitHub token whose checksum is wrong.
    mutating func githubClassicBadChecksum() -> String {
        let random = string(30, from: Self.base62)
        let good = Self.githubChecksum(random)
        var bad = string(6, from: Self.base62)
        if bad == good { bad = "zzzzzz" }
        return "ghp_" + random + bad
    }

    mutating func githubFineGrained() -> String {
        "github_pat_" + string(22, from: Self.base62) + "_" + string(59, from: Self.base62)
    }

    mutating func openAILegacy() -> String { "sk-" + string(20, from: Self.base62) + "T3BlbkFJ" + string(20, from: Self.base62) }
    mutating func openAIProject() -> String {
        "sk-proj-" + string(74, from: Self.base64url) + "T3BlbkFJ" + string(74, from: Self.base64url)
    }
    mutating func openAIServiceAccount() -> String { "sk-svcacct-" + string(120, from: Self.base64url) }
    mutating func openAIAdmin() -> String { "sk-admin-" + string(120, from: Self.base64url) }
    mutating func anthropic() -> String { "sk-ant-api03-" + string(93, from: Self.base64url) + "AA" }
    mutating func anthropicAdmin() -> String { "sk-ant-admin01-" + string(93, from: Self.base64url) + "AA" }
    mutating func slackBot() -> String {
        "xoxb-" + string(12, from: Array("0123456789".utf8)) + "-" + string(13, from: Array("0123456789".utf8)) + "-"
            + string(24, from: Self.base62)
    }
    mutating func slackUser() -> String {
        "xoxp-" + string(12, from: Array("0123456789".utf8)) + "-" + string(12, from: Array("0123456789".utf8)) + "-"
            + string(13, from: Array("0123456789".utf8)) + "-" + string(32, from: Self.hex)
    }
    mutating func slackApp() -> String {
        "xapp-1-A" + string(10, from: Self.base32) + "-" + string(13, from: Array("0123456789".utf8)) + "-"
            + string(64, from: Self.hex)
    }
    mutating func slackWebhook() -> String {
        "https://hooks.slack.com/services/T" + string(10, from: Self.base32) + "/B" + string(10, from: Self.base32) + "/"
            + string(24, from: Self.base62)
    }
    mutating func stripe(_ prefix: String) -> String { prefix + string(24, from: Self.base62) }
    mutating func google() -> String { "AIza" + string(35, from: Self.base64url) }

    mutating func jwt(signed: Bool = true) -> String {
        let header = Self.base64URLEncode(#"{"alg":"HS256","typ":"JWT"}"#)
        let payload = Self.base64URLEncode(#"{"sub":"user-"# + string(8, from: Self.hex) + #"","iat":1716239022}"#)
        return header + "." + payload + "." + (signed ? string(43, from: Self.base64url) : "")
    }

    mutating func pem(_ kind: String = "RSA ", lines: Int = 8) -> String {
        var body = ""
        for _ in 0..<lines { body += string(64, from: Self.base64) + "\n" }
        return "-----BEGIN \(kind)PRIVATE KEY-----\n" + body + "-----END \(kind)PRIVATE KEY-----"
    }

    // MARK: Encodings (independent of the detector's helpers)

    static func base64URLEncode(_ s: String) -> String {
        let alphabet = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".utf8)
        let bytes = Array(s.utf8)
        var out: [UInt8] = []
        var i = 0
        while i < bytes.count {
            let b0 = UInt32(bytes[i])
            let b1 = i + 1 < bytes.count ? UInt32(bytes[i + 1]) : 0
            let b2 = i + 2 < bytes.count ? UInt32(bytes[i + 2]) : 0
            let v = b0 << 16 | b1 << 8 | b2
            out.append(alphabet[Int(v >> 18 & 63)])
            out.append(alphabet[Int(v >> 12 & 63)])
            if i + 1 < bytes.count { out.append(alphabet[Int(v >> 6 & 63)]) }
            if i + 2 < bytes.count { out.append(alphabet[Int(v & 63)]) }
            i += 3
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Table-driven CRC-32 (IEEE), a second implementation to cross-check the detector's.
    static func crc32(_ s: String) -> UInt32 {
        var table = [UInt32](repeating: 0, count: 256)
        for n in 0..<256 {
            var c = UInt32(n)
            for _ in 0..<8 { c = c & 1 != 0 ? 0xEDB8_8320 ^ (c >> 1) : c >> 1 }
            table[n] = c
        }
        var crc: UInt32 = 0xFFFF_FFFF
        for b in s.utf8 { crc = table[Int((crc ^ UInt32(b)) & 0xFF)] ^ (crc >> 8) }
        return crc ^ 0xFFFF_FFFF
    }

    static func githubChecksum(_ random: String) -> String {
        var v = UInt64(crc32(random))
        var digits: [UInt8] = []
        while v > 0 {
            digits.append(base62[Int(v % 62)])
            v /= 62
        }
        while digits.count < 6 { digits.append(UInt8(ascii: "0")) }
        return String(decoding: digits.reversed(), as: UTF8.self)
    }
}

enum SecretsScan {
    static func hits(_ s: String) -> [DetectorHit] {
        var out: [DetectorHit] = []
        try? SecretsDetector().scan(ScanText(s), into: &out)
        return out
    }

    /// The matched text of each hit.
    static func matched(_ s: String, _ hit: DetectorHit) -> String {
        String(decoding: Array(s.utf8)[hit.range], as: UTF8.self)
    }

    /// Hits at or above the reporting threshold used by the fixture (0.5).
    static func reported(_ s: String) -> [DetectorHit] { hits(s).filter { $0.score >= 0.5 } }
}
