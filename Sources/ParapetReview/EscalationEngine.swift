import Foundation
import ParapetCore
import ParapetStore

/// Decides, for one call, which triggers fire, the risk level and review policy, how the call is
/// handed to a person, and its queue priority. Pure: the only state it reads is the memory, and
/// it writes none (the server calls `remember` after delivering).
///
/// **How a decision is made.**
/// 1. Every configured trigger is checked; fired ones add their `risk` contributions. Each of the
///    input's `gates` (a quality gate's or the tool policy's review verdict) fires too.
/// 2. The risk matrix scores the four dimensions (raised by the contributions) and sums them to
///    a level (`RiskMatrix`); the level's policy comes from `policies`. A policy other than `auto`
///    fires the `risk_matrix` trigger.
/// 3. A call with a fired trigger escalates: its policy is at least `one_reviewer`, and the handoff
///    follows the mode (`ReviewSettings.Mode`). A call without one is delivered, and sampled into
///    the queue as a post-action audit when the injected draw `sample` is below `sample_rate`.
/// 4. Priority = urgency × value. Urgency comes from the first `confidence_band` trigger (the one
///    that fired, if one did): 1 at its threshold, falling linearly to 0 at the band's edges and 0
///    outside it; 0.5 when the call has no confidence or the route no band. Value = 1 + log10(1 +
///    amount), the amount being the largest found at any `amount_above` field (negative counts as
///    0), and 1 without one — so 0 → 1, 99 → 3, 999 → 4.
public struct EscalationEngine: Sendable {
    /// The route's review settings.
    public let settings: ReviewSettings
    /// What `first_time_task` and `contradiction` read; filled by `remember`.
    public let memory: any EscalationMemory

    /// An engine for one route's settings over a memory (which may be shared between routes).
    public init(settings: ReviewSettings, memory: any EscalationMemory) {
        self.settings = settings
        self.memory = memory
    }

    /// The decision for `input`. `sample` is a uniform random draw in 0..<1, injected so tests
    /// and replays are deterministic: the call is sampled when `sample < sample_rate`.
    public func evaluate(_ input: EscalationInput, sample: Double) -> EscalationDecision {
        var fired: [(trigger: FiredTrigger, order: Int)] = []
        var contributions: [RiskDimension: Int] = [:]
        var firedBand: (low: Double, high: Double, threshold: Double)?
        var category: (priority: Int, name: String)?
        for (order, trigger) in settings.triggers.enumerated() {
            guard let detail = check(trigger.condition, input) else { continue }
            fired.append((FiredTrigger(kind: trigger.condition.kind, priority: trigger.priority, detail: detail), order))
            for (dimension, score) in trigger.risk { contributions[dimension] = max(contributions[dimension] ?? 0, score) }
            switch trigger.condition {
            case .confidenceBand(let low, let high, let threshold) where firedBand == nil:
                firedBand = (low, high, threshold)
            case .category(let patterns) where category.map({ trigger.priority > $0.priority }) ?? true:
                if let name = input.categories.first(where: { name in patterns.contains { $0.matches(name) } }) {
                    category = (trigger.priority, name)
                }
            default:
                break
            }
        }

        for (index, gate) in input.gates.enumerated() {
            fired.append((FiredTrigger(kind: gate.kind, priority: gate.priority, detail: gate.detail), settings.triggers.count + index))
        }

        let scores = settings.risk.scores(of: input, contributions: contributions)
        let level = settings.risk.levels.level(total: scores.total)
        var policy = settings.policies[level]
        if policy != .auto {
            let detail = "level \(level.rawValue) (score \(scores.total)) needs \(policy.rawValue)"
            fired.append((FiredTrigger(kind: .riskMatrix, priority: settings.risk.triggerPriority, detail: detail), Int.max))
        }
        let ordered = fired.sorted { $0.trigger.priority != $1.trigger.priority ? $0.trigger.priority > $1.trigger.priority : $0.order < $1.order }
            .map(\.trigger)

        let handoff: EscalationDecision.Handoff
        var sampled = false
        if !ordered.isEmpty {
            policy = max(policy, .oneReviewer)
            handoff = handoffOfEscalated(fired: ordered, scores: scores, level: level)
        } else if sample < settings.sampleRate {
            policy = .oneReviewer
            handoff = .postAudit
            sampled = true
        } else {
            handoff = .none
        }

        return EscalationDecision(
            fired: ordered, scores: scores, level: level, policy: policy, handoff: handoff, sampled: sampled,
            priority: urgency(input.confidence, band: firedBand) * value(input), category: category?.name)
    }

    /// Remembers a delivered call (its task type, its decision fields) in the memory.
    public func remember(_ input: EscalationInput) {
        memory.remember(input, decisionFields: settings.decisionFields)
    }

    private func handoffOfEscalated(fired: [FiredTrigger], scores: RiskScores, level: RiskLevel) -> EscalationDecision.Handoff {
        switch settings.mode {
        case .preAction: return .preAction
        case .postAudit: return .postAudit
        case .confidence:
            let holding: Set<TriggerKind> = [.confidenceBand, .irreversibleAction, .qualityGate, .toolPolicy]
            let hold = level >= .high || scores.irreversibility > 0 || fired.contains { holding.contains($0.kind) }
            return hold ? .preAction : .postAudit
        }
    }

    /// 1 at the band's threshold, linearly down to 0 at its edges, 0 outside; 0.5 without a
    /// confidence or a band.
    func urgency(_ confidence: Double?, band fired: (low: Double, high: Double, threshold: Double)?) -> Double {
        guard let confidence, confidence.isFinite else { return 0.5 }
        var band = fired
        if band == nil {
            for trigger in settings.triggers {
                if case .confidenceBand(let low, let high, let threshold) = trigger.condition {
                    band = (low, high, threshold)
                    break
                }
            }
        }
        guard let band else { return 0.5 }
        guard confidence >= band.low, confidence <= band.high else { return 0 }
        if confidence <= band.threshold {
            return band.threshold > band.low ? (confidence - band.low) / (band.threshold - band.low) : 1
        }
        return band.high > band.threshold ? (band.high - confidence) / (band.high - band.threshold) : 1
    }

    /// 1 + log10(1 + the largest amount at an `amount_above` field), 1 without one.
    func value(_ input: EscalationInput) -> Double {
        var amount: Double?
        for trigger in settings.triggers {
            guard case .amountAbove(let field, _) = trigger.condition else { continue }
            for found in input.values(at: field) {
                if let value = found.amountValue { amount = max(amount ?? value, value) }
            }
        }
        guard let amount else { return 1 }
        return 1 + log10(1 + max(0, amount))
    }
}
