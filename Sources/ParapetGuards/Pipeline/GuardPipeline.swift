import ParapetCore

/// Runs the detectors a direction needs over normalised text, applies the policy, combines the
/// actions and produces the redacted text.
///
/// A pipeline is an immutable value: build it once (per policy), share it across tasks.
/// `evaluate` is synchronous and allocation-light; it is the hot path of the guard API.
public struct GuardPipeline: Sendable {
    public let policy: Policy
    public let detectors: [any Detector]
    private let normalizer: UnicodeNormalizer
    private let redactor: Redactor
    /// Indices into `detectors` of those with a non-allow category, per direction.
    private let active: [Direction: [Int]]

    /// The detector that reports text hidden in Unicode tag characters (found by normalisation).
    public static let normalizerID = DetectorID(name: "normalizer", version: 1)

    public init(policy: Policy, detectors: [any Detector], redactionSalt: [UInt8], normalizer: UnicodeNormalizer = UnicodeNormalizer()) {
        self.policy = policy
        self.detectors = detectors
        self.normalizer = normalizer
        self.redactor = Redactor(salt: redactionSalt)
        var active: [Direction: [Int]] = [:]
        for direction in Direction.allCases {
            active[direction] = detectors.indices.filter { policy.isActive(detectors[$0].categories, for: direction) }
        }
        self.active = active
    }

    /// The detectors that run for `direction` (those with at least one category not `allow`).
    public func activeDetectors(for direction: Direction) -> [any Detector] {
        (active[direction] ?? []).map { detectors[$0] }
    }

    /// Decides on one text.
    public func evaluate(_ text: String, direction: Direction) -> Decision {
        var text = text
        return text.withUTF8 { evaluate(utf8: $0, direction: direction) }
    }

    /// Decides on one text given as valid UTF-8.
    public func evaluate(utf8: UnsafeBufferPointer<UInt8>, direction: Direction) -> Decision {
        let clock = ContinuousClock()
        let started = clock.now
        let normalized = normalizer.normalize(utf8: utf8)
        let normalizedAt = clock.now
        var candidates = Candidates()
        var timings: [Decision.DetectorTiming] = []
        var hits: [DetectorHit] = []
        for index in active[direction] ?? [] {
            let detector = detectors[index]
            let before = clock.now
            hits.removeAll(keepingCapacity: true)
            do {
                try detector.scan(normalized.scan, into: &hits)
                for hit in hits {
                    candidates.add(hit.category, normalized.originalRange(hit.range), hit.score, detector.id, hit.explanation)
                }
            } catch {
                candidates.addFailure(of: detector, reason: error.reason, policy: policy, direction: direction)
            }
            timings.append(Decision.DetectorTiming(detector: detector.id, nanoseconds: (clock.now - before).nanoseconds))
        }
        for run in normalized.hiddenTagRuns {
            candidates.add("injection.hidden_text", run, 0.9, Self.normalizerID, "instructions hidden in invisible Unicode tag characters")
        }
        let (findings, actions, redactions) = decide(candidates, utf8: utf8, asciiOnly: normalized.isIdentity, direction: direction)
        let redacted = redactions.isEmpty ? nil : redactor.redact(utf8, spans: redactions)
        let finished = clock.now
        return Decision(
            action: actions.max() ?? .allow, findings: findings, findingActions: actions, redactedText: redacted,
            direction: direction, policyVersion: policy.version,
            timings: Decision.Timings(
                totalNanoseconds: (finished - started).nanoseconds,
                normalizeNanoseconds: (normalizedAt - started).nanoseconds,
                detectors: timings))
    }

    /// Applies thresholds, actions and allow-lists; converts offsets to code points.
    private func decide(_ candidates: Candidates, utf8: UnsafeBufferPointer<UInt8>, asciiOnly: Bool, direction: Direction)
        -> ([Finding], [Action], [Redactor.Span])
    {
        var kept: [(Candidates.Entry, Action, ResolvedRule)] = []
        for entry in candidates.entries {
            let rule = policy.rule(for: entry.category)
            let action = entry.forcedAction ?? rule.action(for: direction)
            guard action != .allow, entry.score >= rule.threshold || entry.forcedAction != nil else { continue }
            if !entry.range.isEmpty && (!policy.allowList.isEmpty || !rule.allow.isEmpty) {
                let value = String(decoding: UnsafeBufferPointer(rebasing: utf8[entry.range]), as: UTF8.self).lowercased()
                if policy.allowList.contains(value) || rule.allow.contains(value) { continue }
            }
            kept.append((entry, action, rule))
        }
        kept.sort { ($0.0.range.lowerBound, $0.0.range.upperBound, $0.0.category) < ($1.0.range.lowerBound, $1.0.range.upperBound, $1.0.category) }
        var offsets: [Int] = []
        offsets.reserveCapacity(2 * kept.count)
        for (entry, _, _) in kept { offsets += [entry.range.lowerBound, entry.range.upperBound] }
        // All-ASCII text: code points are bytes.
        let codePoints = asciiOnly ? offsets : CodePoints.offsets(offsets, in: utf8)
        var findings: [Finding] = []
        var actions: [Action] = []
        var redactions: [Redactor.Span] = []
        findings.reserveCapacity(kept.count)
        for (i, (entry, action, rule)) in kept.enumerated() {
            findings.append(Finding(
                category: entry.category, start: codePoints[2 * i], end: codePoints[2 * i + 1],
                utf8Start: entry.range.lowerBound, utf8End: entry.range.upperBound,
                score: entry.score, detector: entry.detector, explanation: entry.explanation))
            actions.append(action)
            if Self.shouldRedact(entry.category, action: action) && !entry.range.isEmpty {
                redactions.append(Redactor.Span(range: entry.range, label: rule.label, style: rule.redaction))
            }
        }
        return (findings, actions, redactions)
    }

    /// `redact` findings are replaced; so are sensitive values (`pii.*`, `secret.*`) whose action is
    /// stricter, so that a blocked or held text can be stored and shown without them.
    static func shouldRedact(_ category: CategoryID, action: Action) -> Bool {
        if action == .redact { return true }
        guard action > .redact else { return false }
        let group = category.group
        return group == "pii" || group == "secret"
    }
}

extension Duration {
    /// Whole nanoseconds, saturating.
    var nanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        guard seconds >= 0 else { return 0 }
        let (ns, overflow) = UInt64(seconds).multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? UInt64.max : ns &+ UInt64(attoseconds / 1_000_000_000)
    }
}
