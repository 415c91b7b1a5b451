extension SchemaNumber {
    /// Whether `self` is an integer multiple of `divisor` (which must not be zero), exactly.
    ///
    /// With a = da × 10^ea and b = db × 10^eb (significands without trailing zeros), a/b is an
    /// integer iff ea ≥ eb and db divides da × 10^(ea − eb): when ea < eb, da would need a factor
    /// of 10. Powers of ten beyond the bit length of db cannot change divisibility (only the 2s
    /// and 5s of db are served by them), so the exponent difference is capped there.
    func isMultiple(of divisor: SchemaNumber) -> Bool {
        if isZero { return true }
        guard !divisor.isZero, exponent >= divisor.exponent else { return false }
        let shift = min(exponent - divisor.exponent, 4 * divisor.digitCount + 4)
        if divisor.large == nil, divisor.small < 1_000_000_000_000_000_000 {
            let modulus = divisor.small
            var remainder: UInt64 = 0
            if large == nil {
                remainder = small % modulus
            } else {
                for digit in digits { remainder = (remainder * 10 + UInt64(digit)) % modulus }
            }
            for _ in 0..<shift where remainder != 0 { remainder = remainder * 10 % modulus }
            return remainder == 0
        }
        var remainder = DecimalRemainder(modulus: divisor.digits)
        for digit in digits { remainder.append(digit) }
        for _ in 0..<shift where !remainder.isZero { remainder.append(0) }
        return remainder.isZero
    }
}

/// Horner's rule modulo a big decimal: remainder = (remainder × 10 + digit) mod modulus, on digit
/// arrays (least significant first). Each step subtracts the modulus at most nine times.
private struct DecimalRemainder {
    let modulus: [UInt8]
    var value: [UInt8] = []

    init(modulus mostSignificantFirst: [UInt8]) {
        modulus = mostSignificantFirst.reversed()
    }

    var isZero: Bool { value.allSatisfy { $0 == 0 } }

    mutating func append(_ digit: UInt8) {
        value.insert(digit, at: 0)
        trim()
        while !isLess(value, modulus) { subtractModulus() }
    }

    private mutating func trim() {
        while let last = value.last, last == 0 { value.removeLast() }
    }

    private func isLess(_ a: [UInt8], _ b: [UInt8]) -> Bool {
        if a.count != b.count { return a.count < b.count }
        for index in stride(from: a.count - 1, through: 0, by: -1) where a[index] != b[index] {
            return a[index] < b[index]
        }
        return false
    }

    private mutating func subtractModulus() {
        var borrow: Int = 0
        for index in value.indices {
            var digit = Int(value[index]) - borrow - (index < modulus.count ? Int(modulus[index]) : 0)
            borrow = 0
            if digit < 0 {
                digit += 10
                borrow = 1
            }
            value[index] = UInt8(digit)
        }
        trim()
    }
}
