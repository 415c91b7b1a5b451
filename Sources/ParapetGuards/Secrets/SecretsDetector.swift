import ParapetCore

/// Finds credentials in text: cloud and SaaS keys with a recognisable shape (AWS, GitHub, OpenAI,
/// Anthropic, Slack, Stripe, Google), JSON Web Tokens, PEM private keys, and high-entropy values
/// assigned to key-like names (`secret.generic`).
///
/// One pass over the UTF-8 bytes: a lookup-table prefilter skips every byte that cannot start a rule
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
                Self.triggerTable.withUnsafeBufferPointer { t in
                    Self.scanBytes(b, l, triggers: t, exact: &exact, assigned: &assigned)
                }
            }
        }
        if exact.isEmpty && assigned.isEmpty { return }
        hits.append(contentsOf: Self.merge(exact: exact, assigned: assigned))
    }

    /// The hot loop. `exact` gets the shape-based rules (non-overlapping, in order), `assigned` the
    /// assignment rule's candidates, which may overlap an exact hit on the same value.
    static func scanBytes(
        _ b: UnsafeBufferPointer<UInt8>, _ l: UnsafeBufferPointer<UInt8>, triggers t: UnsafeBufferPointer<UInt8>,
        exact: inout [DetectorHit], assigned: inout [DetectorHit]
    ) {
        let n = b.count
        var i = 0
        var blobEnd = 0  // assignments before this offset sit inside an over-long value
        while i < n {
            // Skip eight non-trigger bytes at a time (one table load and OR per byte, one branch).
            while i + 8 <= n {
                let any = t[Int(b[i])] | t[Int(b[i + 1])] | t[Int(b[i + 2])] | t[Int(b[i + 3])] | t[Int(b[i + 4])]
                    | t[Int(b[i + 5])] | t[Int(b[i + 6])] | t[Int(b[i + 7])]
                if any != 0 { break }
                i += 8
            }
            while i < n && t[Int(b[i])] == 0 { i += 1 }
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
                if found == nil && i >= blobEnd, let a = AssignmentRule.match(b, l, sep: i, blobEnd: &blobEnd) {
                    assigned.append(a)
                }
            default:  // "="
                if i >= blobEnd, let a = AssignmentRule.match(b, l, sep: i, blobEnd: &blobEnd) { assigned.append(a) }
            }
            if let hit = found, hit.range.upperBound > i {
                exact.append(hit)
                i = hit.range.upperBound
            } else {
                i += 1
            }
        }
    }

    /// 1 for the bytes that can start a rule (`A` `J` `k` `x` `_` `-` `:` `=`), 0 otherwise.
    static let triggerTable: [UInt8] = {
        var table = [UInt8](repeating: 0, count: 256)
        for c in "AJkx_-:=".utf8 { table[Int(c)] = 1 }
        return table
    }()

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
