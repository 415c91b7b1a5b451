/// Instruction-override grammars: an override verb followed, within a few words of the same
/// clause, by an instruction noun; announced replacement instructions; "do not follow".
enum OverrideRules {
    private typealias C = InjectionWordClass

    /// Override verb at token `k` (ignore, disregard, forget, override, bypass…).
    static func overrideVerb(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let verb = c.tokens[k]
        guard
            let o = c.next(k, within: 6, C.object | C.weakObject | C.everything | C.told)
                ?? c.next(k, within: 6, C.above)
        else { return }
        let obj = c.tokens[o]
        if c.hasBreaker(from: Int(verb.end), to: Int(obj.start)) { return }
        if obj.has(C.told) && !obj.has(C.object | C.weakObject) {
            // "overlook all that you have been instructed", "forget what you were told".
            let score = c.negated(before: Int(verb.start), words: 2) ? 0.25 : 0.85
            out.append(InjectionSignal(rule: .overrideEverything, score: score, start: Int(verb.start), end: Int(obj.end)))
            return
        }
        // "disregard the typo in my previous email": the user's own material, not instructions.
        if c.anyBetween(k, o, C.my) { return }
        let hasModifier = c.anyBetween(k, o, C.modifier)
        let hasDeterminer = c.anyBetween(k, o, C.determiner)
        var end = Int(obj.end)
        // A modifier right after the object also counts: "the instructions above / given before".
        var trailingModifier = false
        if let m = c.next(o, within: 2, C.modifier | C.above) {
            trailingModifier = true
            end = Int(c.tokens[m].end)
        }
        let rule: InjectionRule
        var score: Double
        if obj.has(C.object) {
            if hasModifier || trailingModifier {
                (rule, score) = (.overrideEarlierInstructions, 0.95)
            } else if hasDeterminer {
                (rule, score) = (.overrideOwnInstructions, 0.85)
            } else {
                (rule, score) = (.overrideBareInstructions, 0.4)
            }
        } else if obj.has(C.everything) {
            // "forget everything you were told", "ignore anything above".
            if let t = c.next(o, within: 4, C.above | C.modifier | C.told) {
                end = Int(c.tokens[t].end)
                (rule, score) = (.overrideEverything, 0.85)
            } else {
                (rule, score) = (.overrideEverything, 0.4)
            }
        } else if obj.has(C.above) && c.word(obj.range, is: "above") {
            // "ignore the above".
            (rule, score) = (.overrideEarlierText, hasModifier ? 0.8 : 0.75)
        } else if hasModifier || trailingModifier,
            c.word(obj.range, isOneOf: ["context", "conversation", "text", "messages", "message", "input", "content", "said"])
        {
            (rule, score) = (.overrideEarlierText, 0.75)
        } else if let and = c.wordAfter(Int(obj.end)), c.word(and, is: "and"),
            c.word(c.wordAfter(and.upperBound), isOneOf: ["say", "state", "claim", "respond", "reply", "answer", "declare", "insist"])
        {
            // "ignore the question and say…".
            (rule, score) = (.overrideEarlierText, 0.6)
        } else {
            (rule, score) = (.overrideEarlierText, 0.25)
        }
        // "don't ignore the previous instructions" is not an override.
        if c.negated(before: Int(verb.start), words: 2) { score *= 0.3 }
        out.append(InjectionSignal(rule: rule, score: score, start: Int(verb.start), end: end))
    }

    /// Voided verb at token `k`: "all previous instructions are void / should be ignored".
    static func voided(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        guard let o = c.previous(k, within: 4, C.object) else { return }
        guard let m = c.previous(o, within: 3, C.modifier) else { return }
        let start = Int(c.tokens[m].start)
        out.append(
            InjectionSignal(rule: .earlierInstructionsVoided, score: 0.8, start: start, end: Int(c.tokens[k].end)))
    }

    /// New/updated at token `k` followed by an instruction or task noun.
    static func newInstructions(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        guard k + 1 < c.tokens.count else { return }
        let noun = c.tokens[k + 1]
        guard noun.has(C.task), noun.ordinal == c.tokens[k].ordinal + 1 else { return }
        let colon = noun.flags & InjectionToken.colonAfter != 0
        let yours = c.word(c.wordBefore(Int(c.tokens[k].start)), isOneOf: ["your", "following"])
        var score = 0.3
        if colon && yours { score = 0.75 } else if yours { score = 0.6 } else if colon { score = 0.5 }
        out.append(InjectionSignal(rule: .newInstructions, score: score, start: Int(c.tokens[k].start), end: Int(noun.end)))
    }

    /// "now" at token `k`: "from now on you…".
    static func fromNowOn(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.word(c.wordBefore(Int(t.start)), is: "from") else { return }
        guard let on = c.wordAfter(Int(t.end)), c.word(on, is: "on") else { return }
        let after = c.wordAfter(on.upperBound)
        let addressed = c.word(after, isOneOf: ["you", "your", "act", "respond", "answer", "reply", "behave", "only", "ignore"])
        let start = c.wordBefore(Int(t.start))?.lowerBound ?? Int(t.start)
        out.append(InjectionSignal(rule: .fromNowOn, score: addressed ? 0.4 : 0.25, start: start, end: on.upperBound))
    }

    /// Follow verb at token `k` after a negation: "do not follow your guidelines".
    static func doNotFollow(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.negated(before: Int(t.start), words: 3) else { return }
        guard let o = c.next(k, within: 4, C.object | C.policy) else { return }
        let yours = c.anyBetween(k, o, C.your | C.policyOwner | C.modifier | C.determiner)
        out.append(
            InjectionSignal(rule: .doNotFollow, score: yours ? 0.8 : 0.4, start: Int(t.start), end: Int(c.tokens[o].end)))
    }
}
