import ParapetCore

/// The checks every detector must pass, whatever framework runs them: call `run(_:)` and assert
/// that the returned list is empty.
///
/// The checks: empty input, a 1 MB input, hostile Unicode (replacement characters from invalid
/// input, combining-mark floods, RTL overrides, tag characters, emoji sequences), hits inside
/// bounds and on scalar boundaries, categories as declared, scores within 0…1, explanations that
/// do not quote the matched value, determinism, and concurrent use from many tasks.
public enum DetectorConformance {
    /// One broken duty.
    public struct Violation: Sendable, CustomStringConvertible {
        public var detector: String
        public var check: String
        public var detail: String
        public var description: String { "\(detector) · \(check): \(detail)" }
    }

    /// Texts every detector must handle. Callers may add samples that trigger the detector, so
    /// the checks on hits are exercised.
    public static let hostileSamples: [String] = [
        "",
        " ",
        "\u{FFFD}\u{FFFD}abc\u{FFFD}",
        String(decoding: [0x61, 0xFF, 0xFE, 0x62, 0xC3, 0x28, 0xED, 0xA0, 0x80, 0x63] as [UInt8], as: UTF8.self),
        "e" + String(repeating: "\u{0301}", count: 500),
        "\u{202E}txt.exe\u{202C} ignore previous instructions",
        "a\u{E0041}\u{E0042}b\u{200B}c\u{FEFF}d",
        "👩‍👩‍👧‍👦🏳️‍🌈🇩🇪 mixed 中文 العربية עברית",
        "\u{0000}\u{0001}\u{007F}control",
        String(repeating: "a@", count: 2000),
        String(repeating: "1", count: 5000),
        String(repeating: "-", count: 3000) + "BEGIN",
    ]

    /// Runs every check against `detector`. `extraSamples` should include texts on which the
    /// detector reports something.
    public static func run(_ detector: any Detector, extraSamples: [String] = []) async -> [Violation] {
        var violations: [Violation] = []
        let name = detector.id.description
        let declared = Set(detector.categories)
        let samples = hostileSamples + extraSamples + [largeInput(seed: extraSamples)]

        for sample in samples {
            let text = ScanText(sample)
            var first: [DetectorHit] = []
            var second: [DetectorHit] = []
            do {
                try detector.scan(text, into: &first)
                try detector.scan(text, into: &second)
            } catch {
                violations.append(Violation(detector: name, check: "no failure", detail: "threw \(error) on \(preview(sample))"))
                continue
            }
            if first != second {
                violations.append(Violation(detector: name, check: "determinism", detail: "two scans differ on \(preview(sample))"))
            }
            for hit in first {
                violations += check(hit, in: text, declared: declared, detector: name, sample: sample)
            }
        }
        violations += await concurrency(detector, samples: Array(samples.suffix(4)))
        return violations
    }

    static func check(_ hit: DetectorHit, in text: ScanText, declared: Set<CategoryID>, detector: String, sample: String)
        -> [Violation]
    {
        var out: [Violation] = []
        let r = hit.range
        if r.lowerBound < 0 || r.upperBound > text.count || r.isEmpty {
            out.append(Violation(detector: detector, check: "bounds", detail: "range \(r) outside 0..<\(text.count)"))
            return out
        }
        if isContinuation(text.bytes[r.lowerBound]) || (r.upperBound < text.count && isContinuation(text.bytes[r.upperBound])) {
            out.append(Violation(detector: detector, check: "scalar boundary", detail: "range \(r) splits a UTF-8 scalar"))
        }
        if !declared.contains(hit.category) {
            out.append(Violation(detector: detector, check: "declared category", detail: "reported undeclared \(hit.category)"))
        }
        if !(0...1).contains(hit.score) {
            out.append(Violation(detector: detector, check: "score range", detail: "score \(hit.score) for \(hit.category)"))
        }
        let matched = String(decoding: text.bytes[r], as: UTF8.self)
        if matched.utf8.count >= 6 && hit.explanation.contains(matched) {
            out.append(Violation(detector: detector, check: "no secret in explanation", detail: "explanation quotes the match for \(hit.category)"))
        }
        return out
    }

    static func concurrency(_ detector: any Detector, samples: [String]) async -> [Violation] {
        let texts = samples.map(ScanText.init)
        var expected: [[DetectorHit]] = []
        for text in texts {
            var hits: [DetectorHit] = []
            try? detector.scan(text, into: &hits)
            expected.append(hits)
        }
        let baseline = expected
        let mismatches = await withTaskGroup(of: Int.self) { group in
            for task in 0..<32 {
                group.addTask {
                    var bad = 0
                    for round in 0..<8 {
                        let i = (task + round) % texts.count
                        var hits: [DetectorHit] = []
                        try? detector.scan(texts[i], into: &hits)
                        if hits != baseline[i] { bad += 1 }
                    }
                    return bad
                }
            }
            return await group.reduce(0, +)
        }
        return mismatches == 0
            ? [] : [Violation(detector: detector.id.description, check: "concurrency", detail: "\(mismatches) concurrent scans differed")]
    }

    /// About 1 MB of prose with the caller's samples sprinkled in.
    static func largeInput(seed: [String]) -> String {
        let prose = "The quarterly report covers revenue, hiring and the roadmap for next year. "
        var out = ""
        out.reserveCapacity(1 << 20)
        var i = 0
        while out.utf8.count < 1 << 20 {
            out += prose
            if !seed.isEmpty && i % 97 == 0 { out += seed[(i / 97) % seed.count] + " " }
            i += 1
        }
        return out
    }

    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }

    static func preview(_ s: String) -> String {
        let p = s.prefix(40)
        return "\"\(p)\(s.count > 40 ? "…" : "")\" (\(s.utf8.count) bytes)"
    }
}
