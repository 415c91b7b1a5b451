/// Light suffix stemming for lower-case ASCII words, so `tested`, `tests` and `testing` meet
/// `test`. Not Porter: plural `s`/`es`/`ies`, `ing`, `ed`/`ied`, a doubled final consonant after
/// those, and a final `e` (so `make`, `makes` and `making` all become `mak`). The same function
/// runs on answers and sources, so a crude stem still matches itself.
enum GroundingStemmer {
    static func stem(_ word: inout [UInt8]) {
        guard word.count >= 3, word.allSatisfy({ ByteClass.isLower($0) }) else { return }
        if word.count < 4 {
        } else if word.ends(with: "ies"), word.count >= 5 {
            word.removeLast(3)
            word.append(UInt8(ascii: "y"))
        } else if word.ends(with: "sses") || word.ends(with: "xes") || word.ends(with: "zes") || word.ends(with: "ches")
            || word.ends(with: "shes")
        {
            word.removeLast(2)
        } else if word.ends(with: "s"), !word.ends(with: "ss"), !word.ends(with: "us"), !word.ends(with: "is") {
            word.removeLast()
        }
        if word.count >= 5, word.ends(with: "ing"), hasVowel(word.dropLast(3)) {
            word.removeLast(3)
            undouble(&word)
        } else if word.count >= 5, word.ends(with: "ied") {
            word.removeLast(3)
            word.append(UInt8(ascii: "y"))
        } else if word.count >= 4, word.ends(with: "ed"), hasVowel(word.dropLast(2)), word.count - 2 >= 2 {
            word.removeLast(2)
            undouble(&word)
        }
        if word.count >= 3, word.last == UInt8(ascii: "e") { word.removeLast() }
    }

    private static func hasVowel(_ letters: ArraySlice<UInt8>) -> Bool {
        letters.contains { $0 == 0x61 || $0 == 0x65 || $0 == 0x69 || $0 == 0x6F || $0 == 0x75 || $0 == 0x79 }
    }

    /// `stopp` → `stop`, `runn` → `run`; `ll`, `ss`, `zz` stay (`falling` → `fall`).
    private static func undouble(_ word: inout [UInt8]) {
        let count = word.count
        guard count >= 3, word[count - 1] == word[count - 2] else { return }
        switch word[count - 1] {
        case 0x61, 0x65, 0x69, 0x6F, 0x75, UInt8(ascii: "l"), UInt8(ascii: "s"), UInt8(ascii: "z"): return
        default: word.removeLast()
        }
    }
}

extension [UInt8] {
    @inline(__always) fileprivate func ends(with suffix: StaticString) -> Bool {
        let length = suffix.utf8CodeUnitCount
        guard count >= length else { return false }
        let base = count - length
        for offset in 0..<length where self[base + offset] != suffix.utf8Start[offset] { return false }
        return true
    }
}
