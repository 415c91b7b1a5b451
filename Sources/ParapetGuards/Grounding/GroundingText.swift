/// Scalar-level helpers for the grounding scanners: decoding, classification and ASCII folding,
/// without allocating.
enum GroundingText {
    enum ScalarClass {
        /// A letter or digit of any script: part of a word.
        case letter
        /// A combining mark or variation selector: ignored inside a word.
        case mark
        /// Punctuation, symbols, emoji, spaces.
        case other
    }

    /// The scalar starting at `index` (a byte ≥ 0x80) and its length; U+FFFD and length 1 for
    /// malformed or cut-off sequences.
    @inline(__always) static func decode(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> (UInt32, Int) {
        let lead = text[index]
        let length: Int
        var value: UInt32
        switch lead {
        case 0xC2...0xDF: length = 2; value = UInt32(lead & 0x1F)
        case 0xE0...0xEF: length = 3; value = UInt32(lead & 0x0F)
        case 0xF0...0xF4: length = 4; value = UInt32(lead & 0x07)
        default: return (0xFFFD, 1)
        }
        guard index + length <= end else { return (0xFFFD, 1) }
        for offset in 1..<length {
            let byte = text[index + offset]
            guard byte & 0xC0 == 0x80 else { return (0xFFFD, 1) }
            value = value << 6 | UInt32(byte & 0x3F)
        }
        return (value, length)
    }

    static func classify(_ scalar: UInt32) -> ScalarClass {
        switch scalar {
        case 0xC0...0x17F: return scalar == 0xD7 || scalar == 0xF7 ? .other : .letter
        case 0x300...0x36F, 0xFE00...0xFE0F, 0x1AB0...0x1AFF, 0x1DC0...0x1DFF, 0x20D0...0x20FF: return .mark
        case 0x80...0xBF, 0x2000...0x206F, 0x2190...0x2BFF, 0x3000...0x303F, 0xFFF0...0xFFFF, 0x1F000...0x1FAFF:
            return .other
        default:
            guard let value = Unicode.Scalar(scalar) else { return .other }
            let properties = value.properties
            if properties.isAlphabetic || properties.numericType != nil { return .letter }
            switch properties.generalCategory {
            case .nonspacingMark, .spacingMark, .enclosingMark: return .mark
            default: return .other
            }
        }
    }

    /// Whether the bytes at `index` start a letter (of any script).
    static func startsLetter(_ text: UnsafeBufferPointer<UInt8>, at index: Int, end: Int) -> Bool {
        let (scalar, _) = decode(text, at: index, end: end)
        return classify(scalar) == .letter
    }

    /// Upper-case, for the first letter of a word.
    static func isUpperCase(_ scalar: UInt32) -> Bool {
        guard let value = Unicode.Scalar(scalar) else { return false }
        return value.properties.isUppercase
    }

    /// Appends the ASCII (or simple lower-case) fold of a letter and returns true, or returns
    /// false when the scalar has no cheap fold (the caller copies its bytes).
    static func fold(_ scalar: UInt32, into folded: inout [UInt8]) -> Bool {
        switch scalar {
        case 0xC0...0x17F:
            let fold = GroundingVocabulary.latinFolds[Int(scalar) - 0xC0]
            switch fold {
            case UInt8(ascii: "A"): folded.append(contentsOf: [UInt8(ascii: "a"), UInt8(ascii: "e")])
            case UInt8(ascii: "S"): folded.append(contentsOf: [UInt8(ascii: "s"), UInt8(ascii: "s")])
            case UInt8(ascii: "T"): folded.append(contentsOf: [UInt8(ascii: "t"), UInt8(ascii: "h")])
            case UInt8(ascii: "I"): folded.append(contentsOf: [UInt8(ascii: "i"), UInt8(ascii: "j")])
            case UInt8(ascii: "O"): folded.append(contentsOf: [UInt8(ascii: "o"), UInt8(ascii: "e")])
            default: folded.append(fold)
            }
            return true
        case 0x391...0x3A9, 0x410...0x42F:
            // Greek and basic Cyrillic capitals: lower-case by offset.
            appendUTF8(scalar + 0x20, to: &folded)
            return true
        case 0x400...0x40F:
            appendUTF8(scalar + 0x50, to: &folded)
            return true
        default:
            return false
        }
    }

    /// Appends a two-byte scalar's UTF-8 (all callers are below U+0800).
    @inline(__always) private static func appendUTF8(_ scalar: UInt32, to bytes: inout [UInt8]) {
        bytes.append(UInt8(0xC0 | (scalar >> 6)))
        bytes.append(UInt8(0x80 | (scalar & 0x3F)))
    }
}
