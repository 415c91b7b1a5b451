import ParapetCore

/// The injection categories, in output order.
enum InjectionKind: UInt8, Sendable, CaseIterable {
    case instructionOverride = 0
    case jailbreakPersona
    case systemPromptExtraction
    case roleTag
    case encodedPayload

    var category: CategoryID {
        switch self {
        case .instructionOverride: "injection.instruction_override"
        case .jailbreakPersona: "injection.jailbreak_persona"
        case .systemPromptExtraction: "injection.system_prompt_extraction"
        case .roleTag: "injection.role_tag"
        case .encodedPayload: "injection.encoded_payload"
        }
    }
}

/// One piece of evidence found by a rule: kind, score, byte span and the rule that fired.
struct InjectionSignal: Sendable, Equatable {
    var rule: InjectionRule
    var score: Double
    var start: Int
    var end: Int

    var kind: InjectionKind { rule.kind }
}
