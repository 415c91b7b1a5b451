/// Byte predicates and small range helpers shared by the secret rules. ASCII only.
enum SecretBytes {
    /// `[A-Za-z0-9]`
    @inline(__always) static func isAlnum(_ c: UInt8) -> Bool { ByteClass.isAlnum(c) }
    /// `[A-Za-z0-9_-]` (base64url alphabet, most token bodies).
    @inline(__always) static func isURLSafe(_ c: UInt8) -> Bool {
        ByteClass.isAlnum(c) || c == 0x5F || c == 0x2D
    }
    /// `[A-Za-z0-9_]`
    @inline(__always) static func isAlnumUnderscore(_ c: UInt8) -> Bool { ByteClass.isAlnum(c) || c == 0x5F }
    /// `[A-Z2-7]`: the RFC 4648 base32 alphabet used by AWS key ids.
    @inline(__always) static func isBase32Upper(_ c: UInt8) -> Bool { ByteClass.isUpper(c) || c &- 0x32 < 6 }
    /// `[A-Za-z0-9+/]`
    @inline(__always) static func isBase64(_ c: UInt8) -> Bool { ByteClass.isAlnum(c) || c == 0x2B || c == 0x2F }

    /// Whether `p` starts a token: the text start or a byte that is not an ASCII letter or digit.
    @inline(__always) static func boundaryBefore(_ b: UnsafeBufferPointer<UInt8>, _ p: Int) -> Bool {
        p == 0 || !ByteClass.isAlnum(b[p - 1])
    }

    /// The end of the run of bytes satisfying `accept` starting at `from`, at most `limit` long.
    @inline(__always)
    static func runEnd(_ b: UnsafeBufferPointer<UInt8>, from: Int, limit: Int, _ accept: (UInt8) -> Bool) -> Int {
        var j = from
        let stop = min(b.count, from + limit)
        while j < stop && accept(b[j]) { j += 1 }
        return j
    }

    /// Whether `needle` (ASCII) occurs anywhere in `b[range]`. `b` should be the lowered text when
    /// the needle is lower-case.
    static func contains(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        firstIndex(b, range, needle) != nil
    }

    /// The first offset of `needle` inside `b[range]`.
    static func firstIndex(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Int? {
        let n = needle.utf8CodeUnitCount
        guard n > 0, range.count >= n else { return nil }
        let first = needle.utf8Start[0]
        var p = range.lowerBound
        let last = range.upperBound - n
        while p <= last {
            if b[p] == first && b.matches(needle, at: p) { return p }
            p += 1
        }
        return nil
    }

    /// Whether `b[range]` ends with `needle`.
    @inline(__always)
    static func hasSuffix(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>, _ needle: StaticString) -> Bool {
        let n = needle.utf8CodeUnitCount
        return range.count >= n && b.matches(needle, at: range.upperBound - n)
    }

    /// Counts of character classes in `b[range]`: lower, upper, digit, other.
    static func classes(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> (lower: Int, upper: Int, digit: Int, other: Int) {
        var lower = 0, upper = 0, digit = 0, other = 0
        for i in range {
            let c = b[i]
            if ByteClass.isLower(c) { lower += 1 } else if ByteClass.isUpper(c) { upper += 1 } else if ByteClass.isDigit(c) {
                digit += 1
            } else { other += 1 }
        }
        return (lower, upper, digit, other)
    }
}
