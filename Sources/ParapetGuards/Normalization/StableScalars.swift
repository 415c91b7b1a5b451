/// Fast answers for the scalars of common scripts, so normalising non-Latin text rarely needs a
/// Unicode property lookup (a table search per scalar) or Foundation's NFKC.
enum StableScalars {
    /// Every range here was checked against Python's `unicodedata`: no combining marks, and
    /// `NFKC(c) == c` for every scalar.
    ///
    /// Whether `v` is a base character (not a combining mark) that NFKC leaves unchanged and that
    /// is not a folded confusable. `false` means "look it up", not "unstable".
    @inline(__always)
    static func isStableBase(_ v: UInt32) -> Bool {
        switch v {
        case 0x00C0...0x00FF,  // Latin-1 letters
            0x0100...0x0131, 0x0134...0x013E, 0x0141...0x0148, 0x014A...0x017E:  // Latin Extended-A, minus compatibility forms
            return true
        case 0x0400...0x0482, 0x048A...0x052F:  // Cyrillic (confusables are folded before this is asked)
            return true
        case 0x05D0...0x05EA, 0x0621...0x064A, 0x0904...0x0939, 0x0E01...0x0E30:  // Hebrew, Arabic, Devanagari, Thai letters
            return true
        case 0x2010, 0x2012...0x2016, 0x2018...0x2023, 0x2027, 0x2030, 0x2039, 0x203A, 0x20AC:  // dashes, quotes, bullets, ‰, ‹ ›, €
            return true
        case 0x3001, 0x3002, 0x3008...0x3011, 0x3041...0x3096, 0x30A1...0x30FA:  // CJK punctuation, kana
            return true
        case 0x4E00...0x9FFF, 0xAC00...0xD7A3:  // CJK unified ideographs, Hangul syllables
            return true
        case 0x2600...0x27BF, 0x1F300...0x1F6FF, 0x1F900...0x1F9FF:  // symbols, dingbats, emoji
            return true
        default:
            return false
        }
    }

    /// The ASCII byte NFKC gives for fullwidth ASCII (U+FF01…U+FF5E) and the ideographic space.
    @inline(__always)
    static func fullwidthASCII(_ v: UInt32) -> UInt8? {
        if v >= 0xFF01 && v <= 0xFF5E { return UInt8(truncatingIfNeeded: v - 0xFEE0) }
        if v == 0x3000 { return 0x20 }
        return nil
    }

    /// NFKC of the Latin ligatures U+FB00…U+FB06 (common in text copied from PDFs).
    static func ligature(_ v: UInt32) -> StaticString? {
        switch v {
        case 0xFB00: "ff"
        case 0xFB01: "fi"
        case 0xFB02: "fl"
        case 0xFB03: "ffi"
        case 0xFB04: "ffl"
        case 0xFB05, 0xFB06: "st"
        default: nil
        }
    }
}
