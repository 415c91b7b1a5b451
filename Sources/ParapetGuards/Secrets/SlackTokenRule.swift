import ParapetCore

/// Slack tokens (`xoxb-`, `xoxp-`, `xoxa-`, `xoxr-`, `xoxs-`, `xapp-`), triggered by `x`, and
/// incoming-webhook URLs (`https://hooks.slack.com/services/T…/B…/…`), triggered by `:`.
enum SlackTokenRule {
    static func token(_ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, at x: Int) -> DetectorHit? {
        guard x + 25 <= b.count, SecretBytes.boundaryBefore(b, x) else { return nil }
        let isApp: Bool
        if b[x + 1] == UInt8(ascii: "o") && b[x + 2] == UInt8(ascii: "x") && b[x + 4] == UInt8(ascii: "-") {
            switch b[x + 3] {
            case UInt8(ascii: "b"), UInt8(ascii: "p"), UInt8(ascii: "a"), UInt8(ascii: "r"), UInt8(ascii: "s"): isApp = false
            default: return nil
            }
        } else if b.matches("xapp-", at: x) {
            isApp = true
        } else {
            return nil
        }
        let bodyStart = x + 5
        let end = SecretBytes.runEnd(b, from: bodyStart, limit: 300, SecretBytes.isURLSafe)
        let body = bodyStart..<end
        guard body.count >= (isApp ? 30 : 20) else { return nil }
        for j in body where b[j] == UInt8(ascii: "_") { return nil }
        guard SecretBytes.contains(b, body, "-"), !PlaceholderFilter.isPlaceholder(b, l, body),
            ShannonEntropy.bitsPerByte(b, body) >= 3.0
        else { return nil }
        if isApp {
            return DetectorHit(category: SecretCategory.slackToken, range: x..<end, score: 0.95, explanation: "Slack app-level token")
        }
        // Canonical bot/user tokens start with a numeric workspace id: `xoxb-123456789012-…`.
        let digits = SecretBytes.runEnd(b, from: bodyStart, limit: 20, ByteClass.isDigit)
        let canonical = digits - bodyStart >= 8 && digits < end && b[digits] == UInt8(ascii: "-")
        return DetectorHit(
            category: SecretCategory.slackToken, range: x..<end, score: canonical ? 0.97 : 0.85,
            explanation: canonical ? "Slack API token" : "Slack-format token")
    }

    /// `c` is the `:` of `https://hooks.slack.com/services/`.
    static func webhook(_ b: UnsafeBufferPointer<UInt8>, colon c: Int) -> DetectorHit? {
        guard c >= 5, b.matches("https://hooks.slack.com/services/", at: c - 5), SecretBytes.boundaryBefore(b, c - 5) else {
            return nil
        }
        var p = c - 5 + 33
        // T<team>/B<bot>/<secret>
        guard p < b.count, b[p] == UInt8(ascii: "T") else { return nil }
        var q = SecretBytes.runEnd(b, from: p + 1, limit: 20, SecretBytes.isAlnum)
        guard q - p >= 9, q < b.count, b[q] == UInt8(ascii: "/") else { return nil }
        p = q + 1
        guard p < b.count, b[p] == UInt8(ascii: "B") else { return nil }
        q = SecretBytes.runEnd(b, from: p + 1, limit: 20, SecretBytes.isAlnum)
        guard q - p >= 9, q < b.count, b[q] == UInt8(ascii: "/") else { return nil }
        p = q + 1
        q = SecretBytes.runEnd(b, from: p, limit: 64, SecretBytes.isAlnum)
        guard q - p >= 20, !hasPlaceholder(b, p..<q) else { return nil }
        return DetectorHit(category: SecretCategory.slackToken, range: (c - 5)..<q, score: 0.97, explanation: "Slack incoming-webhook URL")
    }

    private static func hasPlaceholder(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>) -> Bool {
        PlaceholderFilter.hasRun(b, r) || ShannonEntropy.bitsPerByte(b, r) < 3.5
    }
}
