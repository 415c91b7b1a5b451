/// The Luhn (mod 10) check used by payment card numbers.
enum Luhn {
    /// Whether the ASCII digits in `buffer[range]` pass the Luhn check. Non-digit bytes
    /// (separators) are skipped. Returns false when there are no digits.
    static func isValid(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count else { return false }
        var sum = 0
        var double = false
        var count = 0
        var i = range.upperBound - 1
        while i >= range.lowerBound {
            let b = buffer[i]
            i -= 1
            guard ByteClass.isDigit(b) else { continue }
            var d = Int(b &- 0x30)
            if double {
                d *= 2
                if d > 9 { d -= 9 }
            }
            sum += d
            double.toggle()
            count += 1
        }
        return count > 0 && sum % 10 == 0
    }
}
