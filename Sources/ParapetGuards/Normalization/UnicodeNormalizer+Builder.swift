import Foundation
import ParapetCore

extension UnicodeNormalizer {
    /// Accumulates normalised bytes and, for each, the original range it came from.
    struct Builder {
        var bytes: [UInt8] = []
        var starts: [Int32] = []
        var ends: [Int32] = []
        var removed = 0
        var removedTags = 0
        var hiddenTagRuns: [Range<Int>] = []

        init(capacity: Int) {
            bytes.reserveCapacity(capacity)
            starts.reserveCapacity(capacity + 1)
            ends.reserveCapacity(capacity + 1)
        }

        @inline(__always)
        mutating func append(_ b: UInt8, from: Int, to: Int) {
            bytes.append(b)
            starts.append(Int32(truncatingIfNeeded: from))
            ends.append(Int32(truncatingIfNeeded: to))
        }

        mutating func appendScalar(_ v: UInt32, from: Int, to: Int) {
            guard let scalar = Unicode.Scalar(v) else { return }
            guard let encoded = UTF8.encode(scalar) else { return }
            for b in encoded { append(b, from: from, to: to) }
        }

        /// Appends one character (`first` plus combining marks) spanning `from..<to` of `input`.
        mutating func appendCharacter(_ input: UnsafeBufferPointer<UInt8>, from: Int, to: Int, first: UInt32, hasMarks: Bool) {
            if !hasMarks {
                if first < 0x80 {
                    append(UInt8(truncatingIfNeeded: first), from: from, to: to)
                    return
                }
                if let folded = Confusables.fold(first) ?? StableScalars.fullwidthASCII(first) {
                    append(folded, from: from, to: to)
                    return
                }
                if let ligature = StableScalars.ligature(first) {
                    let p = ligature.utf8Start
                    for k in 0..<ligature.utf8CodeUnitCount { append(p[k], from: from, to: to) }
                    return
                }
                if StableScalars.isStableBase(first) {
                    for k in from..<to { append(input[k], from: from, to: to) }
                    return
                }
                if let scalar = Unicode.Scalar(first), !scalar.properties.changesWhenNFKCCaseFolded {
                    for k in from..<to { append(input[k], from: from, to: to) }
                    return
                }
            }
            // NFKC through Foundation, then fold and strip marks stacked on ASCII letters.
            let original = String(decoding: UnsafeBufferPointer(rebasing: input[from..<to]), as: UTF8.self)
            let nfkc = original.precomposedStringWithCompatibilityMapping
            var lastBaseIsASCII = false
            for scalar in nfkc.unicodeScalars {
                let v = scalar.value
                if InvisibleScalars.kind(v) != nil { continue }
                if UnicodeNormalizer.isCombiningMark(v) {
                    if lastBaseIsASCII { continue }
                    appendScalar(v, from: from, to: to)
                    continue
                }
                if v < 0x80 {
                    append(UInt8(truncatingIfNeeded: v), from: from, to: to)
                    lastBaseIsASCII = ByteClass.isAlpha(UInt8(truncatingIfNeeded: v))
                } else if let folded = Confusables.fold(v) {
                    append(folded, from: from, to: to)
                    lastBaseIsASCII = true
                } else {
                    appendScalar(v, from: from, to: to)
                    lastBaseIsASCII = false
                }
            }
        }

        func finish(originalCount: Int) -> NormalizedText {
            var starts = starts
            var ends = ends
            // Sentinel so that an end offset equal to the length maps to the original end.
            starts.append(Int32(truncatingIfNeeded: originalCount))
            ends.append(Int32(truncatingIfNeeded: originalCount))
            return NormalizedText(
                scan: ScanText(bytes: bytes, removedInvisibleCount: removed, removedTagCount: removedTags),
                originStarts: starts, originEnds: ends, originalCount: originalCount, hiddenTagRuns: hiddenTagRuns)
        }
    }
}
