/// Runs the tokenizer and every phrase rule over one buffer. Used for the text itself and for
/// decoded payloads (base64, hex, rot13).
enum InjectionPhraseMatcher {
    private typealias C = InjectionWordClass

    /// Classes that start a rule; other vocabulary words only serve as context.
    private static let heads: UInt64 =
        C.overrideVerb | C.voided | C.new | C.now | C.follow | C.everything | C.dan | C.mode | C.jailbreak | C.longer
        | C.bound | C.free | C.without | C.restriction | C.unfiltered | C.amoral | C.character | C.two | C.evil | C.machiavellian
        | C.policy | C.ethic | C.matter | C.regardless | C.refuse | C.sorry | C.sure | C.always | C.hypothetical
        | C.extractVerb | C.starting | C.what | C.system

    static func match(
        lowered: UnsafeBufferPointer<UInt8>, original: UnsafeBufferPointer<UInt8>, collectRuns: Bool,
        into state: inout InjectionScanState
    ) {
        InjectionTokenizer.tokenize(lowered, vocabulary: .shared, collectRuns: collectRuns, into: &state)
        let tokens = state.tokens
        guard !tokens.isEmpty else { return }
        var out = state.signals
        state.signals = []
        tokens.withUnsafeBufferPointer { tb in
            let c = InjectionRuleContext(tokens: tb, text: lowered, original: original)
            for k in tb.indices where tb[k].classes & heads != 0 {
                dispatch(c, k, tb[k].classes, into: &out)
            }
            RoleTagRules.lineRoles(c, into: &out)
        }
        state.signals = out
    }

    private static func dispatch(_ c: InjectionRuleContext, _ k: Int, _ cls: UInt64, into out: inout [InjectionSignal]) {
        if cls & C.overrideVerb != 0 { OverrideRules.overrideVerb(c, k, into: &out) }
        if cls & C.voided != 0 { OverrideRules.voided(c, k, into: &out) }
        if cls & C.new != 0 { OverrideRules.newInstructions(c, k, into: &out) }
        if cls & C.now != 0 { OverrideRules.fromNowOn(c, k, into: &out) }
        if cls & C.follow != 0 { OverrideRules.doNotFollow(c, k, into: &out) }
        if cls & C.everything != 0 { PersonaRules.anything(c, k, into: &out) }
        if cls & C.dan != 0 { PersonaRules.dan(c, k, into: &out) }
        if cls & C.mode != 0 { PersonaRules.mode(c, k, into: &out) }
        if cls & C.jailbreak != 0 { PersonaRules.jailbreak(c, k, into: &out) }
        if cls & C.longer != 0 { PersonaRules.longer(c, k, into: &out) }
        if cls & C.bound != 0 { PersonaRules.bound(c, k, into: &out) }
        if cls & C.free != 0 { PersonaRules.free(c, k, into: &out) }
        if cls & C.without != 0 { PersonaRules.without(c, k, into: &out) }
        if cls & C.restriction != 0 { PersonaRules.noRestrictions(c, k, into: &out) }
        if cls & C.unfiltered != 0 { PersonaRules.unfiltered(c, k, into: &out) }
        if cls & C.amoral != 0 { PersonaRules.amoral(c, k, into: &out) }
        if cls & C.character != 0 { PersonaRules.character(c, k, into: &out) }
        if cls & C.two != 0 { PersonaRules.two(c, k, into: &out) }
        if cls & C.evil != 0 { PersonaRules.evil(c, k, into: &out) }
        if cls & C.machiavellian != 0 { PersonaRules.machiavellian(c, k, into: &out) }
        if cls & C.policy != 0 { PersonaRules.policy(c, k, into: &out) }
        if cls & C.ethic != 0 { PersonaRules.ethic(c, k, into: &out) }
        if cls & (C.matter | C.regardless) != 0 { PersonaRules.noMatterHow(c, k, into: &out) }
        if cls & C.refuse != 0 { PersonaRules.refuse(c, k, into: &out) }
        if cls & C.sorry != 0 { PersonaRules.sorry(c, k, into: &out) }
        if cls & C.sure != 0 { PersonaRules.sure(c, k, into: &out) }
        if cls & C.always != 0 { PersonaRules.always(c, k, into: &out) }
        if cls & C.hypothetical != 0 { PersonaRules.hypothetical(c, k, into: &out) }
        if cls & C.extractVerb != 0 { ExtractionRules.extractVerb(c, k, into: &out) }
        if cls & C.starting != 0 { ExtractionRules.starting(c, k, into: &out) }
        if cls & C.what != 0 { ExtractionRules.what(c, k, into: &out) }
        if cls & C.system != 0 { ExtractionRules.system(c, k, into: &out) }
    }
}
