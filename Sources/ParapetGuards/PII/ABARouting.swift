/// US ABA routing transit numbers: nine digits with a 3-7-1 weighted checksum.
enum ABARouting {
    /// Whether the ASCII digits in `buffer[range]` (separators skipped) form a valid routing
    /// number: exactly nine digits, the first two in a Federal Reserve range (00–12, 21–32,
    /// 61–72, 80), not all zero, and the 3-7-1 checksum ≡ 0 mod 10.
    static func isValid(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else { return false }
        var sum = 0
        var head = 0
        var count = 0
        var nonZero = false
        for i in range {
            let b = buffer[i]
            guard ByteClass.isDigit(b) else { continue }
            let d = Int(b &- 0x30)
            if count < 2 { head = head * 10 + d }
            if d != 0 { nonZero = true }
            switch count % 3 {
            case 0: sum += 3 * d
            case 1: sum += 7 * d
            default: sum += d
            }
            count += 1
        }
        guard count == 9, nonZero else { return false }
        guard (0...12).contains(head) || (21...32).contains(head) || (61...72).contains(head) || head == 80 else {
            return false
        }
        return sum % 10 == 0
    }
}
