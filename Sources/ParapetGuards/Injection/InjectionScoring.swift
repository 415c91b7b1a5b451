import ParapetCore

/// Combines signals into at most one hit per category.
///
/// Within a category, the strongest signal of each rule counts once; rules combine as a damped
/// noisy-or (`1 − (1 − s₁)·Π(1 − 0.5·sᵢ)`), so independent weak signals add up but repeats of
/// one rule do not. Strong evidence in the other text-level categories (override, persona,
/// extraction, role tags) adds a further damped term. The hit's span is the strongest signal's.
enum InjectionScoring {
    /// Hits below this combined score are not reported.
    static let reportThreshold = 0.3

    static func aggregate(_ signals: [InjectionSignal], into hits: inout [DetectorHit]) {
        guard !signals.isEmpty else { return }
        let kinds = InjectionKind.allCases.count
        let rules = InjectionRule.allCases.count
        // Best signal per rule.
        var bestPerRule = [Int](repeating: -1, count: rules)
        for (i, s) in signals.enumerated() {
            let r = Int(s.rule.rawValue)
            let current = bestPerRule[r]
            if current < 0 || s.score > signals[current].score
                || (s.score == signals[current].score && s.start < signals[current].start)
            {
                bestPerRule[r] = i
            }
        }
        var combined = [Double](repeating: 0, count: kinds)
        var top = [Int](repeating: -1, count: kinds)
        var sorted: [[Double]] = Array(repeating: [], count: kinds)
        for i in bestPerRule where i >= 0 {
            let s = signals[i]
            let k = Int(s.kind.rawValue)
            sorted[k].append(s.score)
            if top[k] < 0 || s.score > signals[top[k]].score { top[k] = i }
        }
        for k in 0..<kinds where !sorted[k].isEmpty {
            let scores = sorted[k].sorted(by: >)
            var miss = 1 - scores[0]
            for s in scores.dropFirst() { miss *= 1 - 0.5 * s }
            combined[k] = 1 - miss
        }
        // Cross-category support among the text-level kinds.
        let textKinds = [InjectionKind.instructionOverride, .jailbreakPersona, .systemPromptExtraction, .roleTag]
        var boosted = combined
        for kind in textKinds {
            let k = Int(kind.rawValue)
            guard combined[k] > 0 else { continue }
            var other = 0.0
            for o in textKinds where o != kind { other = max(other, combined[Int(o.rawValue)]) }
            boosted[k] = 1 - (1 - combined[k]) * (1 - 0.3 * other)
        }
        for kind in InjectionKind.allCases {
            let k = Int(kind.rawValue)
            guard top[k] >= 0, boosted[k] >= reportThreshold else { continue }
            let s = signals[top[k]]
            let score = (min(1, max(0, boosted[k])) * 1000).rounded() / 1000
            hits.append(
                DetectorHit(category: kind.category, range: s.start..<s.end, score: score, explanation: s.rule.explanation))
        }
    }
}
