import ParapetCore

/// Rules triggered by a capital `A`: AWS key ids (`AKIA`, `ASIA`, … + 16 base32 characters) and
/// Google API keys (`AIza` + 35 base64url characters).
enum CapitalATokenRule {
    static func match(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, at i: Int) -> DetectorHit? {
        guard i + 20 <= b.count, SecretBytes.boundaryBefore(b, i) else { return nil }
        if b[i + 1] == UInt8(ascii: "I") && b[i + 2] == UInt8(ascii: "z") && b[i + 3] == UInt8(ascii: "a") {
            return google(b, l, at: i)
        }
        return aws(b, l, at: i)
    }

    /// `AIza` + exactly 35 of `[A-Za-z0-9_-]`.
    static func google(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, at i: Int) -> DetectorHit? {
        let body = (i + 4)..<(i + 39)
        guard body.upperBound <= b.count else { return nil }
        let end = SecretBytes.runEnd(b, from: body.lowerBound, limit: 36, SecretBytes.isURLSafe)
        guard end == body.upperBound else { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body), ShannonEntropy.bitsPerByte(b, body) >= 3.5 else { return nil }
        return DetectorHit(category: SecretCategory.googleAPIKey, range: i..<end, score: 0.95, explanation: "Google API key")
    }

    /// `AKIA`/`ASIA`/`AGPA`/`AIDA`/`AROA`/`ANPA`/`ANVA`/`AIPA` + exactly 16 of `[A-Z2-7]`.
    static func aws(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, at i: Int) -> DetectorHit? {
        let c1 = b[i + 1], c2 = b[i + 2], c3 = b[i + 3]
        let score: Double
        let what: String
        switch (c1, c2, c3) {
        case (0x4B, 0x49, 0x41):  // KIA
            score = 0.95
            what = "AWS access key id"
        case (0x53, 0x49, 0x41):  // SIA
            score = 0.95
            what = "AWS temporary (STS) access key id"
        case (0x47, 0x50, 0x41), (0x49, 0x44, 0x41), (0x52, 0x4F, 0x41), (0x4E, 0x50, 0x41), (0x4E, 0x56, 0x41),
            (0x49, 0x50, 0x41):  // GPA IDA ROA NPA NVA IPA
            score = 0.9
            what = "AWS IAM unique identifier"
        default:
            return nil
        }
        let body = (i + 4)..<(i + 20)
        for j in body where !SecretBytes.isBase32Upper(b[j]) { return nil }
        if body.upperBound < b.count && SecretBytes.isAlnum(b[body.upperBound]) { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body), ShannonEntropy.bitsPerByte(b, body) >= 2.5 else { return nil }
        return DetectorHit(category: SecretCategory.awsAccessKey, range: i..<body.upperBound, score: score, explanation: what)
    }
}
