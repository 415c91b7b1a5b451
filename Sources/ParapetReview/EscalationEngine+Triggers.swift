import ParapetCore

extension EscalationEngine {
    /// The fired trigger's detail when `condition` holds for `input`, nil when it does not.
    /// Details name configured values and numbers only, never request or answer text.
    func check(_ condition: EscalationTrigger.Condition, _ input: EscalationInput) -> String? {
        switch condition {
        case .confidenceBand(let low, let high, _):
            guard let confidence = input.confidence, confidence >= low, confidence < high else { return nil }
            return "confidence \(Self.format(confidence)) in [\(Self.format(low)), \(Self.format(high)))"

        case .amountAbove(let field, let threshold):
            let above = input.values(at: field).contains { ($0.amountValue ?? -.infinity) > threshold }
            return above ? "amount above \(Self.format(threshold)) at \(field)" : nil

        case .irreversibleAction(let tools):
            guard let call = input.toolCalls.first(where: { tools.contains($0.name) }) else { return nil }
            return "irreversible tool \(call.name)"

        case .firstTimeTask:
            guard let user = input.user, let taskType = input.taskType,
                !memory.hasSeen(tenant: input.tenant, user: user, taskType: taskType)
            else { return nil }
            return "first call of this task type for this user"

        case .contradiction(let field):
            guard let subject = input.subject, let current = input.values(at: field).first,
                let previous = memory.lastDecision(tenant: input.tenant, subject: subject, field: field),
                !current.sameDecision(as: previous)
            else { return nil }
            return "\(field) differs from the last decision for this subject"

        case .category(let patterns):
            for category in input.categories {
                if let pattern = patterns.first(where: { $0.matches(category) }) {
                    return "category \(category) matches \(pattern)"
                }
            }
            return nil

        case .outputTokensAbove(let limit):
            guard let tokens = input.outputTokens, tokens > limit else { return nil }
            return "\(tokens) output tokens, above \(limit)"
        }
    }

    /// A number for a detail: integral values without a fraction, others to at most 4 decimals.
    static func format(_ value: Double) -> String {
        guard value.isFinite else { return value.description }
        if value.rounded() == value, abs(value) < 1e15 { return String(Int(value)) }
        return ((value * 10_000).rounded() / 10_000).description
    }
}
