import ParapetCore

/// GitHub tokens, triggered by `_`: classic `gh[pousr]_` + 36 base62 characters (the last six a
/// CRC-32 checksum, verified) and fine-grained `github_pat_` + 82 of `[A-Za-z0-9_]`.
enum GitHubTokenRule {
    static func match(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, underscore u: Int) -> DetectorHit? {
        if u >= 3 && b[u - 3] == UInt8(ascii: "g") && b[u - 2] == UInt8(ascii: "h") {
            return classic(b, l, underscore: u)
        }
        if u >= 6 && b[u - 6] == UInt8(ascii: "g") && b.matches("github_pat_", at: u - 6) {
            return fineGrained(b, l, start: u - 6)
        }
        return nil
    }

    static func classic(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, underscore u: Int) -> DetectorHit? {
        let start = u - 3
        let kind: String
        switch b[u - 1] {
        case UInt8(ascii: "p"): kind = "personal access token"
        case UInt8(ascii: "o"): kind = "OAuth access token"
        case UInt8(ascii: "u"): kind = "user-to-server token"
        case UInt8(ascii: "s"): kind = "server-to-server token"
        case UInt8(ascii: "r"): kind = "refresh token"
        default: return nil
        }
        guard SecretBytes.boundaryBefore(b, start) else { return nil }
        let body = (u + 1)..<(u + 37)
        guard body.upperBound <= b.count else { return nil }
        let end = SecretBytes.runEnd(b, from: body.lowerBound, limit: 37, SecretBytes.isAlnumUnderscore)
        guard end == body.upperBound else { return nil }
        for j in body where !SecretBytes.isAlnum(b[j]) { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body) else { return nil }
        if GitHubChecksum.verifies(b, body: body) {
            return DetectorHit(
                category: SecretCategory.githubToken, range: start..<end, score: 0.99,
                explanation: "GitHub classic \(kind) with valid checksum")
        }
        guard ShannonEntropy.bitsPerByte(b, body) >= 3.5 else { return nil }
        return DetectorHit(
            category: SecretCategory.githubToken, range: start..<end, score: 0.8,
            explanation: "GitHub classic \(kind) format (checksum does not verify)")
    }

    static func fineGrained(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, start: Int) -> DetectorHit? {
        guard SecretBytes.boundaryBefore(b, start) else { return nil }
        let body = (start + 11)..<(start + 93)
        guard body.upperBound <= b.count else { return nil }
        let end = SecretBytes.runEnd(b, from: body.lowerBound, limit: 83, SecretBytes.isAlnumUnderscore)
        guard end == body.upperBound else { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body), ShannonEntropy.bitsPerByte(b, body) >= 4.0 else { return nil }
        // The canonical layout is 22 characters, `_`, 59 characters.
        let canonical = b[body.lowerBound + 22] == UInt8(ascii: "_")
        return DetectorHit(
            category: SecretCategory.githubToken, range: start..<end, score: canonical ? 0.97 : 0.9,
            explanation: "GitHub fine-grained personal access token")
    }
}
