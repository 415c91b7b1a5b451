/// A compiled character class: a bitmap for ASCII (negation already applied) and, above ASCII,
/// sorted disjoint ranges plus Unicode properties.
struct PatternCharSet: Sendable, Equatable {
    private var asciiLow: UInt64 = 0
    private var asciiHigh: UInt64 = 0
    /// Ranges at or above U+0080, sorted and disjoint.
    private var ranges: [ClosedRange<UInt32>] = []
    private var properties: [PatternUnicodeProperty] = []
    private var negatedProperties: [PatternUnicodeProperty] = []
    private var negated = false

    /// Whether the scalar value is in the set.
    @inline(__always)
    func contains(_ value: UInt32) -> Bool {
        if value < 64 { return asciiLow & (1 << UInt64(value)) != 0 }
        if value < 128 { return asciiHigh & (1 << UInt64(value - 64)) != 0 }
        return containsNonASCII(value)
    }

    /// Whether any scalar above ASCII can be in the set (for the search prefilter).
    var mayContainNonASCII: Bool {
        negated || !ranges.isEmpty || !properties.isEmpty || !negatedProperties.isEmpty
    }

    /// The ASCII part as two bit masks.
    var asciiBitmap: (low: UInt64, high: UInt64) { (asciiLow, asciiHigh) }

    private func containsNonASCII(_ value: UInt32) -> Bool {
        var hit = false
        var low = 0
        var high = ranges.count - 1
        while low <= high {
            let middle = (low + high) / 2
            let range = ranges[middle]
            if value < range.lowerBound {
                high = middle - 1
            } else if value > range.upperBound {
                low = middle + 1
            } else {
                hit = true
                break
            }
        }
        if !hit { hit = properties.contains { $0.matches(value) } }
        if !hit { hit = negatedProperties.contains { !$0.matches(value) } }
        return hit != negated
    }

    /// Collects ranges and properties, then freezes them into a set.
    struct Builder {
        var ranges: [ClosedRange<UInt32>] = []
        var properties: [PatternUnicodeProperty] = []
        var negatedProperties: [PatternUnicodeProperty] = []

        mutating func add(_ value: UInt32) { ranges.append(value...value) }
        mutating func add(_ range: ClosedRange<UInt32>) { ranges.append(range) }
        mutating func add(contentsOf other: [ClosedRange<UInt32>]) { ranges.append(contentsOf: other) }

        func build(negated: Bool) -> PatternCharSet {
            var set = PatternCharSet()
            set.ranges = PatternCharSet.normalized(ranges).compactMap { range in
                range.upperBound < 0x80 ? nil : max(range.lowerBound, 0x80)...range.upperBound
            }
            set.properties = properties
            set.negatedProperties = negatedProperties
            set.negated = negated
            let all = PatternCharSet.normalized(ranges)
            for value in UInt32(0)..<128 {
                var hit = all.contains { $0.contains(value) }
                if !hit { hit = properties.contains { $0.matches(value) } }
                if !hit { hit = negatedProperties.contains { !$0.matches(value) } }
                if hit != negated {
                    if value < 64 { set.asciiLow |= 1 << UInt64(value) } else { set.asciiHigh |= 1 << UInt64(value - 64) }
                }
            }
            return set
        }
    }

    /// Sorts and merges overlapping or adjacent ranges.
    static func normalized(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        let sorted = ranges.sorted { $0.lowerBound < $1.lowerBound }
        var merged: [ClosedRange<UInt32>] = []
        for range in sorted {
            if let last = merged.last, range.lowerBound <= last.upperBound &+ 1 {
                merged[merged.count - 1] = last.lowerBound...max(last.upperBound, range.upperBound)
            } else {
                merged.append(range)
            }
        }
        return merged
    }

    /// The ranges not covered by `ranges`, within U+0000…U+10FFFF.
    static func complement(_ ranges: [ClosedRange<UInt32>]) -> [ClosedRange<UInt32>] {
        var result: [ClosedRange<UInt32>] = []
        var next: UInt32 = 0
        for range in normalized(ranges) {
            if range.lowerBound > next { result.append(next...(range.lowerBound - 1)) }
            next = range.upperBound + 1
        }
        if next <= 0x10FFFF { result.append(next...0x10FFFF) }
        return result
    }

    /// `\d`: ASCII digits.
    static let digitRanges: [ClosedRange<UInt32>] = [0x30...0x39]
    /// `\w`: ASCII letters, digits and underscore.
    static let wordRanges: [ClosedRange<UInt32>] = [0x30...0x39, 0x41...0x5A, 0x5F...0x5F, 0x61...0x7A]
    /// `\s`: ECMA-262 WhiteSpace and LineTerminator.
    static let spaceRanges: [ClosedRange<UInt32>] = [
        0x09...0x0D, 0x20...0x20, 0xA0...0xA0, 0x1680...0x1680, 0x2000...0x200A, 0x2028...0x2029,
        0x202F...0x202F, 0x205F...0x205F, 0x3000...0x3000, 0xFEFF...0xFEFF,
    ]
}
