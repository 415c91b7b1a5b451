/// Persona-jailbreak grammars: named personas (DAN, developer mode, evil confidant), claims that
/// the model is free of its rules, demands for unfiltered answers, refusal suppression.
enum PersonaRules {
    private typealias C = InjectionWordClass

    @inline(__always)
    private static func emit(
        _ rule: InjectionRule, _ score: Double, _ start: Int32, _ end: Int32, _ out: inout [InjectionSignal]
    ) {
        out.append(InjectionSignal(rule: rule, score: score, start: Int(start), end: Int(end)))
    }

    /// "do anything now".
    static func anything(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.word(t.range, is: "anything"), let d = c.wordBefore(Int(t.start)), c.word(d, is: "do"),
            let n = c.wordAfter(Int(t.end)), c.word(n, is: "now")
        else { return }
        out.append(InjectionSignal(rule: .doAnythingNow, score: 0.9, start: d.lowerBound, end: n.upperBound))
    }

    /// "DAN" in capitals.
    static func dan(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.isUpperCase(t.range) else { return }
        var score = 0.4
        if c.word(c.wordAfter(Int(t.end)), is: "mode") { score = 0.75 }
        if c.word(c.wordBefore(Int(t.start)), isOneOf: ["as", "named", "called", "am", "you"]) { score = 0.7 }
        emit(.danPersona, score, t.start, t.end, &out)
    }

    /// "<developer|unfiltered|god…> mode".
    static func mode(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let before = c.wordBefore(Int(t.start)) else { return }
        // "<SYSTEM MODE>", "OVERRIDE MODE": a mode switch written as a tag or in capitals.
        let end = Int(t.end)
        let tagged = end < c.text.count && (c.text[end] == 0x3E || c.text[end] == 0x5D)
        if (tagged || c.isUpperCase(t.range) && c.isUpperCase(before))
            && c.word(
                before,
                isOneOf: ["system", "override", "admin", "administrator", "god", "root", "sudo", "debug", "maintenance",
                    "developer", "dev", "unrestricted", "jailbreak", "emergency", "superuser", "test", "enforcement"])
        {
            out.append(InjectionSignal(rule: .namedMode, score: 0.55, start: before.lowerBound, end: end))
            return
        }
        if c.word(before, isOneOf: ["developer", "dev"]) {
            let context = c.near(k, within: 15, C.chatbot | C.policy | C.unfiltered | C.jailbreak | C.responses)
            out.append(InjectionSignal(rule: .developerMode, score: context ? 0.75 : 0.3, start: before.lowerBound, end: Int(t.end)))
        } else if c.word(
            before,
            isOneOf: ["jailbreak", "jailbroken", "unfiltered", "uncensored", "unrestricted", "god", "chaos", "evil",
                "dan", "opposite", "unlocked", "freedom", "amoral", "unlimited"])
        {
            let context = c.near(k, within: 15, C.chatbot | C.policy | C.responses)
            out.append(InjectionSignal(rule: .namedMode, score: context ? 0.6 : 0.35, start: before.lowerBound, end: Int(t.end)))
        }
    }

    /// "jailbroken", "jailbreak".
    static func jailbreak(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        var score = 0.3
        if c.near(k, within: 8, C.chatbot | C.mode) { score = 0.55 }
        if c.word(c.wordBefore(Int(t.start)), isOneOf: ["are", "been", "now", "fully", "completely"]) { score = 0.7 }
        emit(.jailbrokenPersona, score, t.start, t.end, &out)
    }

    /// "no longer bound by / required to follow".
    static func longer(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let no = c.wordBefore(Int(t.start)), c.word(no, is: "no") else { return }
        guard let o = c.next(k, within: 4, C.bound | C.follow | C.restriction | C.policy | C.ethic) else { return }
        out.append(InjectionSignal(rule: .noLongerBound, score: 0.8, start: no.lowerBound, end: Int(c.tokens[o].end)))
    }

    /// "not bound by any rules".
    static func bound(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.word(c.wordAfter(Int(t.end)), is: "by"), c.negated(before: Int(t.start), words: 3) else { return }
        guard let o = c.next(k, within: 6, C.restriction | C.policy | C.ethic | C.policyOwner | C.object) else { return }
        emit(.notBoundByRules, 0.7, t.start, c.tokens[o].end, &out)
    }

    /// "free from / freed of restrictions".
    static func free(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        let w1 = c.wordAfter(Int(t.end))
        guard c.word(w1, isOneOf: ["from", "of"]) || c.word(c.wordAfter(w1?.upperBound ?? Int(t.end)), isOneOf: ["from", "of"])
        else { return }
        guard let o = c.next(k, within: 6, C.restriction | C.policy | C.ethic | C.policyOwner) else { return }
        emit(.freedFromRules, 0.6, t.start, c.tokens[o].end, &out)
    }

    /// "without (any) restrictions / censorship / morals".
    static func without(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let o = c.next(k, within: 3, C.restriction | C.ethic) else { return }
        let context = c.near(k, within: 12, C.chatbot)
        emit(.withoutRestrictions, context ? 0.5 : 0.4, t.start, c.tokens[o].end, &out)
    }

    /// "no restrictions", "zero filters".
    static func noRestrictions(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let w = c.wordBefore(Int(t.start)), c.word(w, isOneOf: ["no", "zero"]) else { return }
        let context = c.near(k, within: 15, C.chatbot)
        out.append(InjectionSignal(rule: .withoutRestrictions, score: context ? 0.5 : 0.4, start: w.lowerBound, end: Int(t.end)))
    }

    /// "unfiltered AI", "uncensored responses".
    static func unfiltered(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        if let o = c.next(k, within: 3, C.aiWord | C.chatbot) {
            emit(.unfilteredAI, 0.6, t.start, c.tokens[o].end, &out)
        } else if let o = c.previous(k, within: 3, C.chatbot) {
            emit(.unfilteredAI, 0.55, c.tokens[o].start, t.end, &out)
        } else {
            emit(.unfilteredAI, 0.25, t.start, t.end, &out)
        }
    }

    /// "amoral".
    static func amoral(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        emit(.amoralAI, c.near(k, within: 4, C.aiWord | C.chatbot) ? 0.6 : 0.4, t.start, t.end, &out)
    }

    /// "stay in character", "never break character".
    static func character(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let w1 = c.wordBefore(Int(t.start)) else { return }
        if c.word(w1, isOneOf: ["in", "of"]), let w2 = c.wordBefore(w1.lowerBound),
            c.word(w2, isOneOf: ["stay", "remain", "staying", "remaining", "keep", "stays", "out"])
        {
            out.append(InjectionSignal(rule: .stayInCharacter, score: 0.45, start: w2.lowerBound, end: Int(t.end)))
        } else if c.word(w1, isOneOf: ["break", "breaking", "broke"]), c.negated(before: w1.lowerBound, words: 3) {
            out.append(InjectionSignal(rule: .stayInCharacter, score: 0.5, start: w1.lowerBound, end: Int(t.end)))
        }
    }

    /// "two responses: one normal and one jailbroken".
    static func two(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let r = c.next(k, within: 3, C.responses) else { return }
        if c.next(r, within: 30, C.pairLabel, sameSentence: false) != nil {
            emit(.dualResponses, 0.75, t.start, c.tokens[r].end, &out)
        } else {
            emit(.dualResponses, 0.2, t.start, c.tokens[r].end, &out)
        }
    }

    /// "evil confidant".
    static func evil(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let n = c.wordAfter(Int(t.end)), c.word(n, is: "confidant") else { return }
        out.append(InjectionSignal(rule: .evilConfidant, score: 0.85, start: Int(t.start), end: n.upperBound))
    }

    /// "always intelligent and Machiavellian".
    static func machiavellian(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        let w1 = c.wordBefore(Int(t.start))
        let persona = c.word(w1, is: "and") && c.word(c.wordBefore(w1?.lowerBound ?? 0), is: "intelligent")
        emit(.machiavellianPersona, persona ? 0.85 : 0.3, t.start, t.end, &out)
    }

    /// "ignore / bypass / free from OpenAI's content policy".
    static func policy(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let o = c.previous(k, within: 3, C.policyOwner) else { return }
        let owner = c.tokens[o]
        let defied = c.previous(o, within: 6, C.overrideVerb | C.violate | C.without | C.free) != nil
            || c.negated(before: Int(owner.start), words: 4)
        emit(.policyDefiance, defied ? 0.8 : 0.25, owner.start, t.end, &out)
    }

    private static let keepVerbs: [StaticString] = [
        "crossing", "cross", "violating", "violate", "breaking", "break", "compromising", "compromise", "infringing",
        "exceeding", "raising", "overstepping", "breach", "breaching", "follow", "following", "respect", "respecting",
    ]

    /// "no ethical guidelines", "disregard any moral implications".
    static func ethic(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        let isNoun = c.word(t.range, isOneOf: ["ethics", "morals", "morality"])
        let objectIndex = c.next(k, within: 3, C.ethicObject)
        guard isNoun || objectIndex != nil else { return }
        var start = t.start
        // "without crossing any ethical lines", "not violate moral principles": ethics kept, not removed.
        var p = Int(t.start)
        for _ in 0..<3 {
            guard let w = c.wordBefore(p) else { break }
            if c.word(w, isOneOf: keepVerbs) { return }
            p = w.lowerBound
        }
        if let v = c.previous(k, within: 4, C.overrideVerb | C.without | C.free | C.regardless) {
            start = c.tokens[v].start
        } else if !c.negated(before: Int(t.start), words: 4) {
            return
        }
        let end = objectIndex.map { c.tokens[$0].end } ?? t.end
        emit(.ethicsRemoved, 0.7, start, end, &out)
    }

    /// "no matter how immoral", "regardless of how illegal".
    static func noMatterHow(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        if t.has(C.matter) {
            guard c.word(c.wordBefore(Int(t.start)), is: "no") else { return }
        }
        guard let o = c.next(k, within: 5, C.badAdjective) else { return }
        emit(.noMatterHowHarmful, t.has(C.matter) ? 0.65 : 0.6, t.start, c.tokens[o].end, &out)
    }

    /// "never refuse", "can't decline".
    static func refuse(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.negated(before: Int(t.start), words: 3) else { return }
        emit(.refusalSuppression, c.near(k, within: 10, C.chatbot | C.response) ? 0.5 : 0.4, t.start, t.end, &out)
    }

    /// "never say 'I'm sorry'".
    static func sorry(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard c.negated(before: Int(t.start), words: 6) else { return }
        emit(.apologySuppression, 0.4, t.start, t.end, &out)
    }

    /// "start your response with 'Sure, here is'".
    static func sure(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        if let b = c.previous(k, within: 10, C.beginVerb, sameSentence: false),
            c.anyBetween(b, k, C.response)
        {
            let here = c.word(c.wordAfter(Int(t.end)), is: "here")
            emit(.forcedAffirmativePrefix, here ? 0.7 : 0.45, c.tokens[b].start, t.end, &out)
        } else if c.word(c.wordAfter(Int(t.end)), is: "here") {
            emit(.forcedAffirmativePrefix, 0.25, t.start, t.end, &out)
        }
    }

    /// "always comply / fulfil", "never deviate".
    static func always(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        guard let n = c.wordAfter(Int(t.end)) else { return }
        if c.word(
            n,
            isOneOf: ["fulfill", "fulfills", "fulfil", "fulfils", "comply", "complies", "obey", "obeys", "deviate",
                "refuse", "censor", "answer", "answers", "respond", "responds"])
        {
            emit(.alwaysComply, 0.3, t.start, Int32(truncatingIfNeeded: n.upperBound), &out)
        }
    }

    /// "hypothetically", "fictional".
    static func hypothetical(_ c: InjectionRuleContext, _ k: Int, into out: inout [InjectionSignal]) {
        let t = c.tokens[k]
        emit(.hypotheticalFraming, 0.15, t.start, t.end, &out)
    }
}
