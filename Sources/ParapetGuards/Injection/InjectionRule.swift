/// Every rule of the injection detector, with its category and a short explanation (which never
/// quotes the text).
enum InjectionRule: UInt8, Sendable, CaseIterable {
    // Instruction override.
    case overrideEarlierInstructions
    case overrideOwnInstructions
    case overrideBareInstructions
    case overrideEverything
    case overrideEarlierText
    case earlierInstructionsVoided
    case newInstructions
    case fromNowOn
    case doNotFollow
    // Jailbreak persona.
    case doAnythingNow
    case danPersona
    case developerMode
    case namedMode
    case jailbrokenPersona
    case noLongerBound
    case notBoundByRules
    case freedFromRules
    case withoutRestrictions
    case unfilteredAI
    case amoralAI
    case stayInCharacter
    case dualResponses
    case evilConfidant
    case machiavellianPersona
    case policyDefiance
    case ethicsRemoved
    case noMatterHowHarmful
    case refusalSuppression
    case apologySuppression
    case forcedAffirmativePrefix
    case alwaysComply
    case hypotheticalFraming
    // System-prompt extraction.
    case revealSystemPrompt
    case revealOwnInstructions
    case revealTextAbove
    case repeatFromYouAre
    case askWhatYouWereTold
    case mentionsSystemPrompt
    // Role tags.
    case chatTemplateToken
    case instructionTemplateMarker
    case fakeSystemTurn
    case fakeAssistantTurn
    case fakeDialogue
    // Encoded payloads.
    case base64Payload
    case hexPayload
    case rot13Payload

    var kind: InjectionKind {
        switch self {
        case .overrideEarlierInstructions, .overrideOwnInstructions, .overrideBareInstructions, .overrideEverything,
            .overrideEarlierText, .earlierInstructionsVoided, .newInstructions, .fromNowOn, .doNotFollow:
            .instructionOverride
        case .revealSystemPrompt, .revealOwnInstructions, .revealTextAbove, .repeatFromYouAre, .askWhatYouWereTold,
            .mentionsSystemPrompt:
            .systemPromptExtraction
        case .chatTemplateToken, .instructionTemplateMarker, .fakeSystemTurn, .fakeAssistantTurn, .fakeDialogue:
            .roleTag
        case .base64Payload, .hexPayload, .rot13Payload:
            .encodedPayload
        default:
            .jailbreakPersona
        }
    }

    var explanation: String {
        switch self {
        case .overrideEarlierInstructions: "asks to discard earlier instructions"
        case .overrideOwnInstructions: "asks to discard the model's own instructions"
        case .overrideBareInstructions: "asks to discard some instructions"
        case .overrideEverything: "asks to forget everything said before"
        case .overrideEarlierText: "asks to disregard the preceding text"
        case .earlierInstructionsVoided: "declares earlier instructions void"
        case .newInstructions: "announces replacement instructions"
        case .fromNowOn: "redefines behaviour from this point on"
        case .doNotFollow: "tells the model not to follow its rules"
        case .doAnythingNow: "do-anything-now persona"
        case .danPersona: "DAN persona name"
        case .developerMode: "fake developer mode"
        case .namedMode: "named unrestricted mode"
        case .jailbrokenPersona: "claims a jailbroken state"
        case .noLongerBound: "claims the model is no longer bound by rules"
        case .notBoundByRules: "claims the model is not bound by rules"
        case .freedFromRules: "claims the model is freed from its rules"
        case .withoutRestrictions: "asks for answers without restrictions"
        case .unfilteredAI: "unfiltered or uncensored AI persona"
        case .amoralAI: "amoral persona"
        case .stayInCharacter: "insists the persona is kept"
        case .dualResponses: "asks for paired normal and unrestricted answers"
        case .evilConfidant: "evil-confidant persona"
        case .machiavellianPersona: "Machiavellian persona"
        case .policyDefiance: "asks to defy the provider's content policy"
        case .ethicsRemoved: "removes ethical or moral limits"
        case .noMatterHowHarmful: "demands answers however harmful"
        case .refusalSuppression: "forbids refusing"
        case .apologySuppression: "forbids apologies or disclaimers"
        case .forcedAffirmativePrefix: "forces an affirmative opening"
        case .alwaysComply: "demands unconditional compliance"
        case .hypotheticalFraming: "hypothetical or fictional framing"
        case .revealSystemPrompt: "asks to reveal the system prompt"
        case .revealOwnInstructions: "asks to reveal the model's instructions"
        case .revealTextAbove: "asks to repeat the preceding hidden text"
        case .repeatFromYouAre: "asks to repeat text from its first words"
        case .askWhatYouWereTold: "asks what the model was told"
        case .mentionsSystemPrompt: "mentions the system prompt"
        case .chatTemplateToken: "chat-template control token"
        case .instructionTemplateMarker: "instruction-template marker"
        case .fakeSystemTurn: "fake system turn"
        case .fakeAssistantTurn: "fake assistant turn"
        case .fakeDialogue: "fake multi-turn dialogue"
        case .base64Payload: "base64 text that decodes to injection phrases"
        case .hexPayload: "hex text that decodes to injection phrases"
        case .rot13Payload: "rot13 text that decodes to injection phrases"
        }
    }
}
