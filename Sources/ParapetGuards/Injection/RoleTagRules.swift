/// Role-tag rules: chat-template control tokens (`<|im_start|>`, `[INST]`, `<<SYS>>`, `</s>`…),
/// and role labels at the start of a line (`system:`, `### System`, `Human:` / `Assistant:`).
enum RoleTagRules {
    private typealias C = InjectionWordClass

    /// Names that appear between `<|` and `|>` in real chat templates.
    private static let templateNames: [StaticString] = [
        "im_start", "im_end", "im_sep", "system", "user", "assistant", "endoftext", "eot_id", "start_header_id",
        "end_header_id", "begin_of_text", "end_of_text", "eos", "bos", "end", "start", "model", "fim_prefix",
        "fim_suffix", "fim_middle", "endofprompt", "pad", "tool", "ipython", "eom_id",
    ]

    @inline(__always) private static func isNameByte(_ b: UInt8) -> Bool {
        b &- 0x61 < 26 || b &- 0x30 < 10 || b == 0x5F
    }

    private static func equals(_ p: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, _ s: StaticString) -> Bool {
        r.count == s.utf8CodeUnitCount && p.matches(s, at: r.lowerBound)
    }

    /// Called by the tokenizer on every `<` and `[` (lower-cased buffer).
    static func marker(_ p: UnsafeBufferPointer<UInt8>, at i: Int, into out: inout [InjectionSignal]) {
        let n = p.count
        guard i + 3 <= n else { return }
        let b1 = p[i + 1]
        if p[i] == 0x3C {  // <
            if b1 == 0x7C {  // <|name|>
                var j = i + 2
                while j < n && j - i < 30 && isNameByte(p[j]) { j += 1 }
                guard j > i + 2, j + 1 < n, p[j] == 0x7C, p[j + 1] == 0x3E else { return }
                let name = (i + 2)..<j
                let known = templateNames.contains { equals(p, name, $0) }
                out.append(InjectionSignal(rule: .chatTemplateToken, score: known ? 0.9 : 0.6, start: i, end: j + 2))
            } else if p.matches("<<sys>>", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.9, start: i, end: i + 7))
            } else if p.matches("<</sys>>", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.9, start: i, end: i + 8))
            } else if p.matches("</s>", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.6, start: i, end: i + 4))
            } else if p.matches("<start_of_turn>", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.9, start: i, end: i + 15))
            } else if p.matches("<end_of_turn>", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.9, start: i, end: i + 13))
            } else if p.matches("<system>", at: i) || p.matches("</system>", at: i) {
                let len = p[i + 1] == 0x2F ? 9 : 8
                out.append(InjectionSignal(rule: .fakeSystemTurn, score: 0.5, start: i, end: i + len))
            } else if p.matches("<system ", at: i) {
                out.append(InjectionSignal(rule: .fakeSystemTurn, score: 0.4, start: i, end: i + 7))
            }
        } else if b1 == 0x69 || b1 == 0x2F || b1 == 0x73 || b1 == 0x61 || b1 == 0x75 {  // [i [/ [s [a [u
            if p.matches("[inst]", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.85, start: i, end: i + 6))
            } else if p.matches("[/inst]", at: i) {
                out.append(InjectionSignal(rule: .chatTemplateToken, score: 0.85, start: i, end: i + 7))
            } else if p.matches("[system]", at: i) {
                out.append(InjectionSignal(rule: .fakeSystemTurn, score: 0.6, start: i, end: i + 8))
            } else if p.matches("[system", at: i) {
                out.append(InjectionSignal(rule: .fakeSystemTurn, score: 0.4, start: i, end: i + 7))
            } else if p.matches("[assistant]", at: i) {
                out.append(InjectionSignal(rule: .fakeAssistantTurn, score: 0.35, start: i, end: i + 11))
            }
        }
    }

    /// Role labels at the start of a line. Called once per text, after tokenizing.
    static func lineRoles(_ c: InjectionRuleContext, into out: inout [InjectionSignal]) {
        var firstHuman: InjectionToken?
        var firstAssistant: InjectionToken?
        for t in c.tokens {
            guard t.flags & InjectionToken.lineStart != 0 else { continue }
            let colon = t.flags & InjectionToken.colonAfter != 0
            let hash = t.flags & InjectionToken.hashMarkup != 0
            guard colon || hash else { continue }
            if t.has(C.roleSystem) {
                out.append(InjectionSignal(rule: .fakeSystemTurn, score: hash ? 0.6 : 0.55, start: Int(t.start), end: Int(t.end)))
            } else if t.has(C.roleAssistant) {
                if firstAssistant == nil { firstAssistant = t }
                out.append(InjectionSignal(rule: .fakeAssistantTurn, score: 0.35, start: Int(t.start), end: Int(t.end)))
            } else if t.has(C.roleHuman) {
                if firstHuman == nil { firstHuman = t }
            } else if hash && c.word(t.range, isOneOf: ["instruction", "instructions", "response"]) {
                out.append(
                    InjectionSignal(rule: .instructionTemplateMarker, score: 0.4, start: Int(t.start), end: Int(t.end)))
            }
        }
        if let h = firstHuman, let a = firstAssistant {
            let first = h.start < a.start ? h : a
            out.append(InjectionSignal(rule: .fakeDialogue, score: 0.6, start: Int(first.start), end: Int(first.end)))
        }
    }
}
