/// The static trigger vocabulary of `InjectionDetector`: lower-case ASCII words of 1…16 letters
/// mapped to a bit set of `InjectionWordClass` classes.
///
/// Lookup never allocates: a word is packed into two `UInt64`s while it is read (the last 16
/// bytes, big-endian), a per-length first-letter bitmap rejects most words with one load, and the
/// rest probe a small open-addressing table, comparing the packed keys.
struct InjectionVocabulary: Sendable {
    /// Longest word in the vocabulary.
    static let maxLength = 16

    private let keysLo: [UInt64]
    private let keysHi: [UInt64]
    private let keyLen: [UInt8]
    private let classes: [UInt64]
    /// For each length 0…16: bit `c - 'a'` is set when some word of that length starts with `c`,
    /// and bit `32 + c - 'a'` when some word of that length ends with `c`.
    private let letterMask: [UInt64]
    /// A 4096-bit filter over (length, first, second, last letter): a clear bit means no
    /// vocabulary word has that shape.
    private let shapeFilter: [UInt64]
    private let mask: Int

    static let shared = InjectionVocabulary()

    private init() {
        var merged: [String: UInt64] = [:]
        for (words, cls) in InjectionVocabulary.spec {
            for word in words.split(separator: " ") { merged[String(word), default: 0] |= cls }
        }
        let size = 1024
        var lo = [UInt64](repeating: 0, count: size)
        var hi = [UInt64](repeating: 0, count: size)
        var len = [UInt8](repeating: 0, count: size)
        var cls = [UInt64](repeating: 0, count: size)
        var firsts = [UInt64](repeating: 0, count: InjectionVocabulary.maxLength + 1)
        var shapes = [UInt64](repeating: 0, count: 64)
        // Sorted so the table layout is deterministic.
        for (word, c) in merged.sorted(by: { $0.key < $1.key }) {
            let bytes = Array(word.utf8)
            guard (1...InjectionVocabulary.maxLength).contains(bytes.count) else { continue }
            var l: UInt64 = 0
            var h: UInt64 = 0
            for b in bytes {
                h = (h << 8) | (l >> 56)
                l = (l << 8) | UInt64(b)
            }
            firsts[bytes.count] |= 1 << UInt64(bytes[0] &- 0x61)
            firsts[bytes.count] |= 1 << UInt64(32 + Int(bytes[bytes.count - 1] &- 0x61))
            let shape = InjectionVocabulary.shape(
                length: bytes.count, first: bytes[0], second: bytes[bytes.count > 1 ? 1 : 0], last: bytes[bytes.count - 1])
            shapes[shape >> 6] |= 1 << UInt64(shape & 63)
            var slot = InjectionVocabulary.hash(lo: l, hi: h, length: bytes.count) & (size - 1)
            while len[slot] != 0 { slot = (slot + 1) & (size - 1) }
            lo[slot] = l
            hi[slot] = h
            len[slot] = UInt8(bytes.count)
            cls[slot] = c
        }
        keysLo = lo
        keysHi = hi
        keyLen = len
        classes = cls
        letterMask = firsts
        shapeFilter = shapes
        mask = size - 1
    }

    @inline(__always)
    static func hash(lo: UInt64, hi: UInt64, length: Int) -> Int {
        let h = (lo &* 0x9E37_79B9_7F4A_7C15) ^ (hi &* 0xC2B2_AE3D_27D4_EB4F) ^ UInt64(length)
        return Int(truncatingIfNeeded: h >> 40)
    }

    @inline(__always)
    static func shape(length: Int, first: UInt8, second: UInt8, last: UInt8) -> Int {
        let key = UInt32(first) | UInt32(second) << 8 | UInt32(last) << 16 | UInt32(truncatingIfNeeded: length) << 24
        return Int((key &* 0x9E37_79B1) >> 20)
    }

    /// Cheap prefilter: could a word of `length` letters starting with `first` and ending with
    /// `last` (both `a`…`z`) be in the table?
    @inline(__always)
    func mayContain(length: Int, first: UInt8, last: UInt8) -> Bool {
        guard length <= InjectionVocabulary.maxLength else { return false }
        let m = letterMask[length]
        return m & (1 << UInt64(first &- 0x61)) != 0 && m & (1 << UInt64(32 &+ (last &- 0x61))) != 0
    }

    /// Second prefilter, on the first two letters, the last letter and the length.
    @inline(__always)
    func mayContain(length: Int, first: UInt8, second: UInt8, last: UInt8) -> Bool {
        let s = InjectionVocabulary.shape(length: length, first: first, second: second, last: last)
        return shapeFilter[s >> 6] & (1 << UInt64(s & 63)) != 0
    }

    /// The classes of the word `p[start..<start+length]` (lower-case letters, length ≤ 16).
    @inline(__always)
    func classes(_ p: UnsafeBufferPointer<UInt8>, start: Int, length: Int) -> UInt64 {
        var l: UInt64 = 0
        var h: UInt64 = 0
        for i in start..<(start + length) {
            h = (h << 8) | (l >> 56)
            l = (l << 8) | UInt64(p[i])
        }
        return classes(lo: l, hi: h, length: length)
    }

    /// The classes of the packed word, or 0 when it is not in the vocabulary.
    func classes(lo: UInt64, hi: UInt64, length: Int) -> UInt64 {
        var slot = InjectionVocabulary.hash(lo: lo, hi: hi, length: length) & mask
        while true {
            let l = Int(keyLen[slot])
            if l == 0 { return 0 }
            if l == length && keysLo[slot] == lo && keysHi[slot] == hi { return classes[slot] }
            slot = (slot + 1) & mask
        }
    }

    /// The classes of an arbitrary lower-case word (tests and tools).
    func classes(of word: String) -> UInt64 {
        let bytes = Array(word.utf8)
        guard (1...InjectionVocabulary.maxLength).contains(bytes.count) else { return 0 }
        var l: UInt64 = 0
        var h: UInt64 = 0
        for b in bytes {
            h = (h << 8) | (l >> 56)
            l = (l << 8) | UInt64(b)
        }
        return classes(lo: l, hi: h, length: bytes.count)
    }

    private typealias C = InjectionWordClass

    /// Space-separated words and the classes they belong to. A word listed twice gets the union.
    private static let spec: [(String, UInt64)] = [
        ("ignore ignoring disregard disregarding forget forgetting override overriding bypass bypassing "
            + "skip neglect overlook discard abandon circumvent ditch scrap erase", C.overrideVerb),
        ("previous prior above earlier preceding former foregoing original initial old past existing "
            + "aforementioned programmed default preset given before", C.modifier),
        ("all your any every", C.determiner),
        ("instructions instruction prompt prompts directions directives directive guidelines guideline rules "
            + "commands programming constraints restrictions policies policy guidance safeguards filters "
            + "guardrails limitations principles protocols training", C.object),
        ("context conversation text messages message input content said task tasks question function "
            + "document email data", C.weakObject),
        ("everything anything", C.everything),
        ("above before", C.above),
        ("new updated revised actual real", C.new),
        ("task objective mission role instructions instruction rules directive directives goal orders", C.task),
        ("follow following obey obeying abide adhere", C.follow),
        ("ignored disregarded forgotten void cancelled canceled obsolete invalid null overridden revoked "
            + "superseded", C.voided),
        ("now", C.now),
        ("repeat print reveal show output display tell give share write provide list dump recite disclose "
            + "leak expose spell echo copy paste type encode state", C.extractVerb),
        ("repeat print output reveal dump recite disclose leak expose display show spell echo copy paste",
            C.strongExtractVerb),
        ("prompt instructions instruction message configuration config directives guidelines rules "
            + "programming setup preprompt initialization text context", C.promptTarget),
        ("prompt instructions instruction programming directives configuration preprompt initialization "
            + "setup", C.coreTarget),
        ("system initial original hidden secret internal starting first full entire exact complete "
            + "underlying confidential pre core base custom", C.promptModifier),
        ("system", C.system),
        ("your", C.your),
        ("you", C.you),
        ("my our", C.my),
        ("what", C.what),
        ("told instructed programmed configured initialized prompted", C.told),
        ("verbatim", C.verbatim),
        ("starting beginning", C.starting),
        ("dan", C.dan),
        ("mode", C.mode),
        ("developer dev", C.developer),
        ("jailbreak jailbroken jailbreaking jailbreaks jailbroke", C.jailbreak),
        ("longer", C.longer),
        ("bound restricted limited constrained confined obligated required subject tied beholden held "
            + "shackled chained restrained governed", C.bound),
        ("free freed liberated unshackled unchained released", C.free),
        ("restrictions restriction filters filter filtering limitations limits boundaries censorship censoring "
            + "rules guidelines policies constraints morals ethics safeguards guardrails moderation confines "
            + "shackles chains restraints", C.restriction),
        ("without", C.without),
        ("unfiltered uncensored unrestricted unbound unmoderated unconstrained unhinged unleashed unlocked "
            + "unchained uncontrolled unlimited", C.unfiltered),
        ("amoral", C.amoral),
        ("ai chatbot bot assistant model chatgpt gpt llm openai persona character response responses "
            + "answer answers output outputs reply replies", C.aiWord),
        ("chatgpt openai gpt llm ai chatbot", C.chatbot),
        ("character", C.character),
        ("two dual both", C.two),
        ("responses answers paragraphs outputs replies versions response answer", C.responses),
        ("normal classic standard filtered censored unfiltered uncensored jailbroken jailbreak developer "
            + "opposite evil dan chatgpt gpt unlocked", C.pairLabel),
        ("evil", C.evil),
        ("confidant", C.confidant),
        ("machiavellian", C.machiavellian),
        ("policy policies guidelines", C.policy),
        ("openai content usage safety", C.policyOwner),
        ("ethical moral ethics morals morality ethically morally", C.ethic),
        ("guidelines restrictions constraints limits limitations boundaries principles considerations "
            + "implications concerns standards rules filters code compass obligations", C.ethicObject),
        ("matter", C.matter),
        ("regardless", C.regardless),
        ("immoral unethical illegal harmful dangerous offensive explicit inappropriate unsafe disgusting "
            + "legality morality ethics", C.badAdjective),
        ("refuse refusing decline", C.refuse),
        ("sorry apologize apologise apologies", C.sorry),
        ("sure", C.sure),
        ("start begin preface prefix", C.beginVerb),
        ("response reply answer output responses replies answers", C.response),
        ("hypothetically hypothetical fictional fictionally", C.hypothetical),
        ("violate violates violating circumvent bypass breaking", C.violate),
        ("system", C.roleSystem),
        ("assistant ai gpt chatgpt bot", C.roleAssistant),
        ("human user", C.roleHuman),
        ("vtaber vtabevat qvfertneq sbetrg bireevqr cerivbhf cevbe nobir vafgehpgvbaf vafgehpgvba cebzcg "
            + "ehyrf thvqryvarf erirny flfgrz wnvyoernx erfgevpgvbaf olcnff", C.rot13),
        ("always never", C.always),
    ]
}
