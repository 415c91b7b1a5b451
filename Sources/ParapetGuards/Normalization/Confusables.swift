/// Look-alike letters from other scripts folded to the Latin letter they imitate, so that
/// "іgnore" (Cyrillic і) reads as "ignore". Fullwidth forms and mathematical alphanumerics are
/// handled by NFKC before this table is consulted.
///
/// The table is deliberately small: letters that are visually identical or nearly so in common
/// fonts (after Unicode's confusables.txt, restricted to Cyrillic, Greek, IPA and small capitals).
enum Confusables {
    /// The ASCII byte a scalar folds to, or nil.
    static func fold(_ v: UInt32) -> UInt8? {
        switch v {
        case 0x0370...0x03FF: return greek(v)
        case 0x0400...0x052F: return cyrillic(v)
        case 0x0131: return UInt8(ascii: "i")  // dotless i
        case 0x0237: return UInt8(ascii: "j")  // dotless j
        case 0x0261: return UInt8(ascii: "g")  // script g
        case 0x0250...0x02AF, 0x1D00...0x1D2B, 0xA730...0xA7FF: return smallCapital(v)
        default: return nil
        }
    }

    private static func cyrillic(_ v: UInt32) -> UInt8? {
        let c: Character
        switch v {
        case 0x0430: c = "a"
        case 0x0441: c = "c"
        case 0x0435: c = "e"
        case 0x04BB: c = "h"
        case 0x0456: c = "i"
        case 0x0458: c = "j"
        case 0x043A: c = "k"
        case 0x04CF: c = "l"
        case 0x043E: c = "o"
        case 0x0440: c = "p"
        case 0x051B: c = "q"
        case 0x0455: c = "s"
        case 0x0443: c = "y"
        case 0x051D: c = "w"
        case 0x0445: c = "x"
        case 0x0501: c = "d"
        case 0x0410: c = "A"
        case 0x0412: c = "B"
        case 0x0421: c = "C"
        case 0x0415: c = "E"
        case 0x041D: c = "H"
        case 0x0406: c = "I"
        case 0x0408: c = "J"
        case 0x041A: c = "K"
        case 0x041C: c = "M"
        case 0x041E: c = "O"
        case 0x0420: c = "P"
        case 0x0405: c = "S"
        case 0x0422: c = "T"
        case 0x0425: c = "X"
        case 0x0423: c = "Y"
        case 0x051A: c = "Q"
        case 0x051C: c = "W"
        default: return nil
        }
        return c.asciiValue
    }

    private static func greek(_ v: UInt32) -> UInt8? {
        let c: Character
        switch v {
        case 0x03B1: c = "a"
        case 0x03BF: c = "o"
        case 0x03C1: c = "p"
        case 0x03BD: c = "v"
        case 0x03B9: c = "i"
        case 0x03BA: c = "k"
        case 0x03C5: c = "u"
        case 0x03C7: c = "x"
        case 0x0391: c = "A"
        case 0x0392: c = "B"
        case 0x0395: c = "E"
        case 0x0396: c = "Z"
        case 0x0397: c = "H"
        case 0x0399: c = "I"
        case 0x039A: c = "K"
        case 0x039C: c = "M"
        case 0x039D: c = "N"
        case 0x039F: c = "O"
        case 0x03A1: c = "P"
        case 0x03A4: c = "T"
        case 0x03A5: c = "Y"
        case 0x03A7: c = "X"
        default: return nil
        }
        return c.asciiValue
    }

    private static func smallCapital(_ v: UInt32) -> UInt8? {
        let c: Character
        switch v {
        case 0x1D00: c = "a"
        case 0x0299: c = "b"
        case 0x1D04: c = "c"
        case 0x1D05: c = "d"
        case 0x1D07: c = "e"
        case 0x0262: c = "g"
        case 0x029C: c = "h"
        case 0x026A: c = "i"
        case 0x1D0A: c = "j"
        case 0x1D0B: c = "k"
        case 0x029F: c = "l"
        case 0x1D0D: c = "m"
        case 0x0274: c = "n"
        case 0x1D0F: c = "o"
        case 0x1D18: c = "p"
        case 0x0280: c = "r"
        case 0xA731: c = "s"
        case 0x1D1B: c = "t"
        case 0x1D1C: c = "u"
        case 0x1D20: c = "v"
        case 0x1D21: c = "w"
        case 0x028F: c = "y"
        case 0x1D22: c = "z"
        default: return nil
        }
        return c.asciiValue
    }
}
