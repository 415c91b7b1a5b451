import ParapetCore
import ParapetGuards

/// Guards one streamed text (one choice of a streamed answer) so that a stream is never
/// unguarded. Two modes, chosen per route:
///
/// - **buffered**: text is held back until `window` bytes are pending; the pending text is
///   scanned, and the safe prefix is released with redactions applied, always keeping the last
///   `overlap` bytes (and any finding that reaches into them) for the next scan, so PII split
///   across chunks is still found and redacted. A block stops the stream before the text leaves.
/// - **optimistic**: text is released at once and scanned behind, in steps of `window` bytes
///   (each scan re-reads `overlap` bytes before it); a violation (anything the policy blocks or
///   redacts, which can no longer be redacted) stops the stream with an error event.
///
/// Positions are UTF-8 offsets; cuts never split a character.
public struct StreamGuard: Sendable {
    public enum Mode: String, Sendable, Hashable, CaseIterable {
        case buffered
        case optimistic
    }

    /// What a step produced: text to send now, and a violation that ends the stream.
    public struct Step: Sendable, Equatable {
        public var release: String
        public var violation: Decision?
    }

    public let mode: Mode
    public let window: Int
    public let overlap: Int
    private let pipeline: GuardPipeline
    /// Buffered: text not yet released. Optimistic: released text not yet (fully) scanned,
    /// starting `scannedOverlap` bytes before the unscanned part.
    private var pending: [UInt8] = []
    private var scannedOverlap = 0
    /// Every finding and its action over the whole stream, for the audit record.
    public private(set) var findings: [(Finding, Action)] = []
    /// The most severe action seen.
    public private(set) var action: Action = .allow
    /// Bytes guarded so far.
    public private(set) var guardedBytes = 0
    private var stopped = false

    public init(mode: Mode, pipeline: GuardPipeline, window: Int = 256, overlap: Int = 64) {
        self.mode = mode
        self.pipeline = pipeline
        self.window = max(16, window)
        self.overlap = max(0, min(overlap, self.window))
    }

    /// Takes the next piece of text; returns what may be sent now.
    public mutating func feed(_ text: String) -> Step {
        guard !stopped else { return Step(release: "", violation: nil) }
        pending.append(contentsOf: text.utf8)
        guardedBytes += text.utf8.count
        switch mode {
        case .buffered:
            guard pending.count >= window + overlap else { return Step(release: "", violation: nil) }
            return releaseBuffered(final: false)
        case .optimistic:
            let step = Step(release: text, violation: nil)
            guard pending.count - scannedOverlap >= window else { return step }
            if let violation = scanBehind(final: false) { return Step(release: text, violation: violation) }
            return step
        }
    }

    /// The stream ended: scans and releases whatever is pending.
    public mutating func finish() -> Step {
        guard !stopped else { return Step(release: "", violation: nil) }
        switch mode {
        case .buffered:
            return releaseBuffered(final: true)
        case .optimistic:
            return Step(release: "", violation: scanBehind(final: true))
        }
    }

    private mutating func releaseBuffered(final: Bool) -> Step {
        guard !pending.isEmpty else { return Step(release: "", violation: nil) }
        let text = String(decoding: pending, as: UTF8.self)
        let decision = pipeline.evaluate(text, direction: .output)
        if decision.action >= .review {
            note(decision)
            stopped = true
            pending.removeAll()
            return Step(release: "", violation: decision)
        }
        var cut = final ? pending.count : cutPoint(in: decision)
        guard cut > 0 else { return Step(release: "", violation: nil) }
        if cut < pending.count {
            // Only findings wholly inside the prefix are final; the rest are found again later.
            let prefix = String(decoding: pending[..<cut], as: UTF8.self)
            let prefixDecision = pipeline.evaluate(prefix, direction: .output)
            if prefixDecision.action >= .review {
                note(prefixDecision)
                stopped = true
                pending.removeAll()
                return Step(release: "", violation: prefixDecision)
            }
            note(prefixDecision)
            pending.removeFirst(cut)
            return Step(release: prefixDecision.redactedText ?? prefix, violation: nil)
        }
        note(decision)
        cut = pending.count
        pending.removeAll()
        return Step(release: decision.redactedText ?? text, violation: nil)
    }

    /// Where to cut: `overlap` bytes before the end, moved back to whitespace when there is some
    /// in the window (a token is not split), before any finding that crosses the cut, and to a
    /// character boundary.
    private func cutPoint(in decision: Decision) -> Int {
        var cut = pending.count - overlap
        let floor = max(0, cut - window / 2)
        var i = cut
        while i > floor {
            if Self.isSpace(pending[i - 1]) { cut = i; break }
            i -= 1
        }
        for finding in decision.findings where finding.utf8Start < cut && finding.utf8End > cut {
            cut = min(cut, finding.utf8Start)
        }
        while cut > 0, cut < pending.count, pending[cut] & 0xC0 == 0x80 { cut -= 1 }
        return cut
    }

    /// Optimistic: scans the released text not yet scanned (with `overlap` bytes before it).
    private mutating func scanBehind(final: Bool) -> Decision? {
        guard pending.count > scannedOverlap else { return nil }
        let text = String(decoding: pending, as: UTF8.self)
        let decision = pipeline.evaluate(text, direction: .output)
        let fresh = decision.findings.indices.filter { decision.findings[$0].utf8End > scannedOverlap }
        var worst = Action.allow
        for index in fresh {
            findings.append((decision.findings[index], decision.findingActions[index]))
            worst = max(worst, decision.findingActions[index])
        }
        action = max(action, worst)
        if worst >= .redact {
            stopped = true
            return decision
        }
        // Keep the last `overlap` bytes (on a character boundary) as context for the next scan.
        var keep = min(overlap, pending.count)
        while keep < pending.count, pending[pending.count - keep] & 0xC0 == 0x80 { keep += 1 }
        if !final {
            pending.removeFirst(pending.count - keep)
            scannedOverlap = pending.count
        }
        return nil
    }

    private static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    private mutating func note(_ decision: Decision) {
        for (finding, findingAction) in zip(decision.findings, decision.findingActions) {
            findings.append((finding, findingAction))
        }
        action = max(action, decision.action)
    }
}
