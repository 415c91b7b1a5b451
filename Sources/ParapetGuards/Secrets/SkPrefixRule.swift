import ParapetCore

/// Rules triggered by `k` in `sk-`, `sk_` and `rk_`: Anthropic (`sk-ant-api03-…`,
/// `sk-ant-admin01-…`), OpenAI (`sk-proj-…`, `sk-svcacct-…`, `sk-admin-…`, legacy `sk-` + 48) and
/// Stripe (`sk_live_`, `rk_live_`, `sk_test_`, `rk_test_`). Stripe publishable keys (`pk_…`) are
/// never reported. Anthropic is checked before OpenAI, and Stripe uses `_`, so the three never
/// collide.
enum SkPrefixRule {
    /// The base64 of "OpenAI", embedded in OpenAI keys.
    static let openAIMarker: StaticString = "T3BlbkFJ"

    static func match(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, k: Int) -> DetectorHit? {
        guard k >= 1, k + 1 < b.count else { return nil }
        let s = k - 1
        let first = b[s], sep = b[k + 1]
        guard SecretBytes.boundaryBefore(b, s) else { return nil }
        if first == UInt8(ascii: "s") && sep == UInt8(ascii: "-") {
            if b.matches("sk-ant-", at: s) { return anthropic(b, l, start: s) }
            return openAI(b, l, start: s)
        }
        if (first == UInt8(ascii: "s") || first == UInt8(ascii: "r")) && sep == UInt8(ascii: "_") {
            return stripe(b, l, start: s)
        }
        return nil
    }

    /// `sk-ant-<kind><digits>-` + at least 80 of `[A-Za-z0-9_-]`.
    static func anthropic(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, start s: Int) -> DetectorHit? {
        var p = s + 7
        let kindStart = p
        p = SecretBytes.runEnd(b, from: p, limit: 12, ByteClass.isLower)
        let letters = kindStart..<p
        let digitsEnd = SecretBytes.runEnd(b, from: p, limit: 4, ByteClass.isDigit)
        guard !letters.isEmpty, digitsEnd > p, digitsEnd < b.count, b[digitsEnd] == UInt8(ascii: "-") else { return nil }
        let body = (digitsEnd + 1)..<SecretBytes.runEnd(b, from: digitsEnd + 1, limit: 400, SecretBytes.isURLSafe)
        guard body.count >= 80, !PlaceholderFilter.isPlaceholder(b, l, body),
            ShannonEntropy.bitsPerByte(b, body) >= 4.0
        else { return nil }
        let kind = kindStart..<digitsEnd
        let explanation: String
        let score: Double
        if b.matches("api03", at: kind.lowerBound) && kind.count == 5 {
            (score, explanation) = (0.98, "Anthropic API key")
        } else if b.matches("admin01", at: kind.lowerBound) && kind.count == 7 {
            (score, explanation) = (0.98, "Anthropic admin API key")
        } else {
            (score, explanation) = (0.9, "Anthropic-format key")
        }
        return DetectorHit(category: SecretCategory.anthropicKey, range: s..<body.upperBound, score: score, explanation: explanation)
    }

    /// `sk-proj-`/`sk-svcacct-`/`sk-admin-`/`sk-None-` + at least 40 of `[A-Za-z0-9_-]`, or legacy
    /// `sk-` + exactly 48 of `[A-Za-z0-9]`.
    static func openAI(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, start s: Int) -> DetectorHit? {
        var bodyStart = 0
        var kind = ""
        if b.matches("sk-proj-", at: s) {
            (bodyStart, kind) = (s + 8, "OpenAI project key")
        } else if b.matches("sk-svcacct-", at: s) {
            (bodyStart, kind) = (s + 11, "OpenAI service-account key")
        } else if b.matches("sk-admin-", at: s) {
            (bodyStart, kind) = (s + 9, "OpenAI admin key")
        } else if b.matches("sk-None-", at: s) {
            (bodyStart, kind) = (s + 8, "OpenAI user key")
        }
        if bodyStart > 0 {
            let body = bodyStart..<SecretBytes.runEnd(b, from: bodyStart, limit: 400, SecretBytes.isURLSafe)
            guard body.count >= 40, !PlaceholderFilter.isPlaceholder(b, l, body),
                ShannonEntropy.bitsPerByte(b, body) >= 4.0
            else { return nil }
            let marked = SecretBytes.contains(b, body, openAIMarker)
            return DetectorHit(
                category: SecretCategory.openAIKey, range: s..<body.upperBound, score: marked ? 0.99 : 0.95, explanation: kind)
        }
        let body = (s + 3)..<(s + 51)
        guard body.upperBound <= b.count,
            SecretBytes.runEnd(b, from: body.lowerBound, limit: 49, SecretBytes.isURLSafe) == body.upperBound
        else { return nil }
        for j in body where !SecretBytes.isAlnum(b[j]) { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body), ShannonEntropy.bitsPerByte(b, body) >= 4.0 else { return nil }
        let marked = b.matches(openAIMarker, at: body.lowerBound + 20)
        return DetectorHit(
            category: SecretCategory.openAIKey, range: s..<body.upperBound, score: marked ? 0.99 : 0.9,
            explanation: marked ? "OpenAI API key (legacy format)" : "OpenAI-format API key (legacy length)")
    }

    /// `sk_live_`/`rk_live_`/`sk_test_`/`rk_test_` + at least 24 of `[A-Za-z0-9]`.
    static func stripe(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, start s: Int) -> DetectorHit? {
        let live: Bool
        if b.matches("live_", at: s + 3) { live = true } else if b.matches("test_", at: s + 3) { live = false } else { return nil }
        let bodyStart = s + 8
        let end = SecretBytes.runEnd(b, from: bodyStart, limit: 256, SecretBytes.isAlnumUnderscore)
        let body = bodyStart..<end
        guard body.count >= 24 else { return nil }
        for j in body where !SecretBytes.isAlnum(b[j]) { return nil }
        guard !PlaceholderFilter.isPlaceholder(b, l, body), ShannonEntropy.bitsPerByte(b, body) >= 3.5 else { return nil }
        let restricted = b[s] == UInt8(ascii: "r")
        let score: Double
        let explanation: String
        switch (live, restricted) {
        case (true, false): (score, explanation) = (0.97, "Stripe live secret key")
        case (true, true): (score, explanation) = (0.95, "Stripe live restricted key")
        case (false, false): (score, explanation) = (0.55, "Stripe test-mode secret key")
        case (false, true): (score, explanation) = (0.5, "Stripe test-mode restricted key")
        }
        return DetectorHit(category: SecretCategory.stripeKey, range: s..<end, score: score, explanation: explanation)
    }
}
