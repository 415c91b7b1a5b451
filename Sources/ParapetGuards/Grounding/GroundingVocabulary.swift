/// The fixed word lists of the grounding check, stored as hashes of their folded forms so the
/// scanner looks words up without building strings.
enum GroundingVocabulary {
    /// Function words, discourse markers and chat filler: never content words. Contractions are
    /// listed without their apostrophe, as the tokenizer joins them (`don't` → `dont`).
    static let stopwords: HashedKeyTable = hashes("""
        a about above after again against all also am an and any are as at be because been before \
        being below between both but by can cannot could did do does doing done down during each \
        either else etc ever every few for from further had has have having he her here hers herself \
        him himself his how however i if in into is it its itself just may me might more most much \
        must my myself neither nor not now of off on once only or other our ours ourselves out over \
        own same shall she should so some such than that the their theirs them themselves then there \
        therefore these they this those though through thus to too under until up upon us very via \
        was we were what when where whether which while who whom whose why will with within without \
        would yet you your yours yourself yourselves \
        dont doesnt didnt isnt arent wasnt werent cant couldnt wont wouldnt shouldnt hasnt havent \
        hadnt im ive youre youve youll youd theyre theyve weve were hes shes thats theres lets \
        additionally furthermore moreover overall finally firstly secondly lastly indeed instance \
        example eg ie according including regarding summary note \
        let know please feel free hope glad happy sure thanks thank okay ok yes no hello hi \
        certainly absolutely great question questions \
        percent per cent
        """)

    /// Lower-case words that may sit inside a name (`Bank of America`, `Ludwig van Beethoven`).
    static let connectors: HashedKeyTable = hashes("of de da di del der van von la le du")

    /// Abbreviations whose period does not end a sentence, lower-cased, without the final period.
    static let abbreviations: HashedKeyTable = hashes("""
        mr mrs ms dr prof sr jr st mt vs etc inc ltd co corp fig figs no nos vol approx est dept \
        gen gov sen rep col lt sgt capt cf al ca jan feb mar apr jun jul aug sep sept oct nov dec \
        e.g i.e a.m p.m u.s u.k u.n e.u
        """)

    static func hashes(_ words: String) -> HashedKeyTable {
        var table = HashedKeyTable(minimumCapacity: 256)
        for word in words.split(whereSeparator: { $0 == " " || $0 == "\n" }) { table.insert(hash(Array(word.utf8))) }
        return table
    }

    /// 64-bit FNV-1a.
    @inline(__always) static func hash(_ bytes: [UInt8]) -> UInt64 {
        var hash: UInt64 = 0xCBF2_9CE4_8422_2325
        for byte in bytes {
            hash ^= UInt64(byte)
            hash = hash &* 0x100_0000_01B3
        }
        return hash
    }

    /// An order-sensitive combination of two word hashes (a bigram's key).
    @inline(__always) static func pair(_ first: UInt64, _ second: UInt64) -> UInt64 {
        var hash = first ^ 0x9E37_79B9_7F4A_7C15
        hash = (hash ^ (hash >> 29)) &* 0xBF58_476D_1CE4_E5B9
        hash ^= second
        hash = (hash ^ (hash >> 32)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 29)
    }

    /// ASCII folds for U+00C0…U+017F (Latin-1 Supplement letters and Latin Extended-A), one byte
    /// per code point: a lower-case letter, or `A` (ae), `S` (ss), `T` (th), `I` (ij), `O` (oe)
    /// for the two-letter folds, `_` for the two signs (× ÷).
    static let latinFolds: [UInt8] = Array((
        "aaaaaaAceeeeiiiidnooooo_ouuuuyTS" + "aaaaaaAceeeeiiiidnooooo_ouuuuyTy"
            + "aaaaaaccccccccddddeeeeeeeeeegggggggghhhhiiiiiiiiiiIIjjkkkllllllllllnnnnnnnnnoooooo"
            + "OOrrrrrrssssssssttttttuuuuuuuuuuuuwwyyyzzzzzzs"
    ).utf8)
}
