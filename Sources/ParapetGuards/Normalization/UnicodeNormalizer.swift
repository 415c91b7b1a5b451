import Foundation
import ParapetCore

/// Brings text into the form detectors scan, keeping a map back to the caller's offsets:
///
/// 1. removes zero-width characters, bidi controls and Unicode tag characters;
/// 2. applies NFKC (fullwidth forms, ligatures, mathematical letters, circled digits → ASCII);
/// 3. folds Cyrillic, Greek and small-capital look-alikes to the Latin letters they imitate;
/// 4. drops combining marks stacked on ASCII letters ("i̷g̷n̷o̷r̷e̷" → "ignore").
///
/// All-ASCII text, most traffic, skips every step and is copied once. Other text is handled one
/// character (a base scalar and its combining marks) at a time; only characters that NFKC or
/// case folding would change go through Foundation's NFKC, so most non-Latin text is copied.
public struct UnicodeNormalizer: Sendable {
    public init() {}

    public func normalize(_ text: String) -> NormalizedText {
        var text = text
        return text.withUTF8 { normalize(utf8: $0) }
    }

    /// Normalises valid UTF-8 (as Swift strings always are).
    public func normalize(utf8 input: UnsafeBufferPointer<UInt8>) -> NormalizedText {
        var ascii = true
        for b in input where b >= 0x80 {
            ascii = false
            break
        }
        if ascii {
            return NormalizedText(
                scan: ScanText(bytes: Array(input)), originStarts: nil, originEnds: nil,
                originalCount: input.count, hiddenTagRuns: [])
        }
        var builder = Builder(capacity: input.count)
        var i = 0
        var previousScalar: UInt32 = 0
        var tagRunStart = -1
        var tagRunLength = 0
        var tagRunIsFlag = false
        while i < input.count {
            let (v, len) = Self.decode(input, at: i)
            if let kind = InvisibleScalars.kind(v) {
                builder.removed += 1
                if kind == .tag {
                    builder.removedTags += 1
                    if tagRunStart < 0 {
                        tagRunStart = i
                        tagRunLength = 0
                        tagRunIsFlag = previousScalar == 0x1F3F4  // black flag: subdivision flags
                    }
                    tagRunLength += 1
                }
                i += len
                continue
            }
            if tagRunStart >= 0 {
                if !tagRunIsFlag && tagRunLength >= 4 { builder.hiddenTagRuns.append(tagRunStart..<i) }
                tagRunStart = -1
            }
            // The character: this scalar plus any combining marks after it.
            var end = i + len
            var marks = false
            while end < input.count {
                let (m, mlen) = Self.decode(input, at: end)
                guard Self.isCombiningMark(m) else { break }
                marks = true
                end += mlen
            }
            builder.appendCharacter(input, from: i, to: end, first: v, hasMarks: marks)
            previousScalar = v
            i = end
        }
        if tagRunStart >= 0 && !tagRunIsFlag && tagRunLength >= 4 {
            builder.hiddenTagRuns.append(tagRunStart..<input.count)
        }
        return builder.finish(originalCount: input.count)
    }

    /// Decodes the scalar at `i` of valid UTF-8; a malformed byte decodes as U+FFFD of length 1.
    @inline(__always)
    static func decode(_ p: UnsafeBufferPointer<UInt8>, at i: Int) -> (UInt32, Int) {
        let b0 = UInt32(p[i])
        if b0 < 0x80 { return (b0, 1) }
        let n = p.count
        if b0 & 0xE0 == 0xC0, i + 1 < n { return ((b0 & 0x1F) << 6 | UInt32(p[i + 1] & 0x3F), 2) }
        if b0 & 0xF0 == 0xE0, i + 2 < n {
            return ((b0 & 0x0F) << 12 | UInt32(p[i + 1] & 0x3F) << 6 | UInt32(p[i + 2] & 0x3F), 3)
        }
        if b0 & 0xF8 == 0xF0, i + 3 < n {
            let v = (b0 & 0x07) << 18 | UInt32(p[i + 1] & 0x3F) << 12 | UInt32(p[i + 2] & 0x3F) << 6 | UInt32(p[i + 3] & 0x3F)
            return (v, 4)
        }
        return (0xFFFD, 1)
    }

    static func isCombiningMark(_ v: UInt32) -> Bool {
        guard v >= 0x300, !StableScalars.isStableBase(v), let scalar = Unicode.Scalar(v) else { return false }
        switch scalar.properties.generalCategory {
        case .nonspacingMark, .spacingMark, .enclosingMark: return true
        default: return false
        }
    }
}
