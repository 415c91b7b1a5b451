import ParapetCore

/// Finds credentials in text: cloud and SaaS keys with a recognisable shape (AWS, GitHub, OpenAI,
/// Anthropic, Slack, Stripe, Google), JSON Web Tokens, PEM private keys, and high-entropy values
/// assigned to key-like names (`secret.generic`).
///
/// One pass over the UTF-8 bytes: a bitmask prefilter skips every byte that cannot start a rule
/// (`A`, `J`, `k`, `x`, `_`, `-`, `:`, `=`), and only those bytes run a validator. Structurally
/// exact or checksum-verified tokens score 0.9–1.0, keyword-plus-entropy values 0.6–0.85, and
/// borderline findings (a bare `key` name, a PEM header without key material, Stripe test keys)
/// 0.4–0.55. Placeholders (`xxxx…`, `<your-key>`, `${API_KEY}`, AWS's documented `…EXAMPLE` keys)
/// are not reported. Explanations name the rule and, for assignments, the variable name; never
/// the value.
public struct SecretsDetector: Detector {
    /// `secrets@1`.
    public let id = DetectorID(name: "secrets", version: 1)

    /// The eleven `secret.*` categories.
    public var categories: [CategoryID] { SecretCategory.all }

    /// Creates the detector; it has no configuration.
    public init() {}

    /// Appends the secrets found in `text` to `hits`, ordered by position.
    public func scan(_ text: ScanText, into hits: inout [DetectorHit]) throws(DetectorFailure) {
        guard text.count >= 8 else { return }
        var exact: [DetectorHit] = []
        var assigned: [DetectorHit] = []
        text.bytes.withUnsafeBufferPointer { b in
            text.lowered.withUnsafeBufferPointer { l in
                Self.scanBytes(b, l, exact: &exact, assigned: &assigned)
            }
        }
        if exact.isEmpty && assigned.isEmpty { return }
        hits.append(contentsOf: Self.merge(exact: exact, assigned: assigned))
    }

    /// The hot loop. `exact` gets the shape-based rules (non-overlapping, in order), `assigned` the
    /// assignment rule's candidates, which may overlap an exact hit on the same value.
    static func scanBytes(
        _ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, exact: inout [DetectorHit],
        assigned: inout [DetectorHit]
    ) {
        let n = b.count
        var i = 0
        while i < n {
            while i < n && !isTrigger(b[i]) { i += 1 }
            guard i < n else { break }
            var found: DetectorHit?
            switch b[i] {
            case UInt8(ascii: "A"): found = CapitalATokenRule.match(b, l, at: i)
            case UInt8(ascii: "J"): found = JWTRule.match(b, j: i)
            case UInt8(ascii: "k"): found = SkPrefixRule.match(b, l, k: i)
            case UInt8(ascii: "x"): found = SlackTokenRule.token(b, l, at: i)
            case UInt8(ascii: "_"): found = GitHubTokenRule.match(b, l, underscore: i)
            case UInt8(ascii: "-"): found = PrivateKeyRule.match(b, dash: i)
            case UInt8(ascii: ":"):
                found = SlackTokenRule.webhook(b, colon: i)
                if found == nil, let a = AssignmentRule.match(b, l, sep: i) { assigned.append(a) }
            default:  // "="
                if let a = AssignmentRule.match(b, l, sep: i) { assigned.append(a) }
            }
            if let hit = found, hit.range.upperBound > i {
                exact.append(hit)
                i = hit.range.upperBound
            } else {
                i += 1
            }
        }
    }

    /// Trigger bytes as two 64-bit masks: `-` `:` `=` below 64; `A` `J` `_` `k` `x` in 64…127.
    @inline(__always) static func isTrigger(_ c: UInt8) -> Bool {
        let low: UInt64 = (1 << 45) | (1 << 58) | (1 << 61)
        let high: UInt64 = (1 << 1) | (1 << 10) | (1 << 31) | (1 << 43) | (1 << 56)
        let word = c < 64 ? low : (c < 128 ? high : 0)
        return (word >> UInt64(c & 63)) & 1 != 0
    }

    /// Drops assignment candidates that overlap an exact hit (the exact rule describes the value
    /// better) or an earlier candidate, then orders everything by position.
    static func merge(exact: [DetectorHit], assigned: [DetectorHit]) -> [DetectorHit] {
        var out = exact
        var lastEnd = -1
        var k = 0  // both lists are ordered by start, and exact hits do not overlap each other
        for a in assigned {
            if a.range.lowerBound < lastEnd { continue }
            while k < exact.count && exact[k].range.upperBound <= a.range.lowerBound { k += 1 }
            if k < exact.count && exact[k].range.lowerBound < a.range.upperBound { continue }
            out.append(a)
            lastEnd = a.range.upperBound
        }
        out.sort { x, y in
            if x.range.lowerBound != y.range.lowerBound { return x.range.lowerBound < y.range.lowerBound }
            if x.range.upperBound != y.range.upperBound { return x.range.upperBound < y.range.upperBound }
            return x.category < y.category
        }
        return out
    }
}
