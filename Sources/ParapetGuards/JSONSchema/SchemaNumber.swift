/// An exact decimal number parsed from JSON number text: ±significand × 10^exponent, normalised so
/// the significand has no trailing zeros (zero is +0 × 10^0). No binary floating point is
/// involved, so `1.0 == 1`, `0.3` is a multiple of `0.1` and integers of any size compare
/// exactly. Exponents saturate at ±2^40, far beyond any meaningful magnitude.
struct SchemaNumber: Sendable, Comparable {
    private(set) var negative = false
    /// The significand when it has at most 19 digits (`large == nil`).
    private(set) var small: UInt64 = 0
    /// The significand's decimal digits, most significant first, when it has more than 19.
    private(set) var large: [UInt8]?
    private(set) var exponent = 0

    static let exponentLimit = 1 << 40

    /// Parses RFC 8259 number text; nil for anything else.
    init?(_ text: String) {
        let parsed: SchemaNumber?? = text.utf8.withContiguousStorageIfAvailable { SchemaNumber(utf8: $0) }
        if let parsed {
            guard let parsed else { return nil }
            self = parsed
        } else {
            guard let parsed = SchemaNumber(utf8: Array(text.utf8)) else { return nil }
            self = parsed
        }
    }

    init(_ value: Int) {
        // Int text is always valid number text.
        self = SchemaNumber(String(value)) ?? SchemaNumber()
    }

    private init() {}

    private init?<Bytes: RandomAccessCollection<UInt8>>(utf8 bytes: Bytes) where Bytes.Index == Int {
        var index = bytes.startIndex
        let end = bytes.endIndex
        guard index < end else { return nil }
        if bytes[index] == UInt8(ascii: "-") {
            negative = true
            index += 1
        }
        var accumulator = Accumulator()
        var exponent = 0
        var integerDigits = 0
        while index < end, let digit = Self.digit(bytes[index]) {
            accumulator.append(digit)
            integerDigits += 1
            index += 1
        }
        guard integerDigits > 0 else { return nil }
        if integerDigits > 1, bytes[bytes.startIndex + (negative ? 1 : 0)] == UInt8(ascii: "0") { return nil }
        if index < end, bytes[index] == UInt8(ascii: ".") {
            index += 1
            var fractionDigits = 0
            while index < end, let digit = Self.digit(bytes[index]) {
                accumulator.append(digit)
                exponent -= 1
                fractionDigits += 1
                index += 1
            }
            guard fractionDigits > 0 else { return nil }
        }
        if index < end, bytes[index] == UInt8(ascii: "e") || bytes[index] == UInt8(ascii: "E") {
            index += 1
            var exponentNegative = false
            if index < end, bytes[index] == UInt8(ascii: "+") || bytes[index] == UInt8(ascii: "-") {
                exponentNegative = bytes[index] == UInt8(ascii: "-")
                index += 1
            }
            var value = 0
            var exponentDigits = 0
            while index < end, let digit = Self.digit(bytes[index]) {
                value = min(value * 10 + Int(digit), Self.exponentLimit)
                exponentDigits += 1
                index += 1
            }
            guard exponentDigits > 0 else { return nil }
            exponent += exponentNegative ? -value : value
        }
        guard index == end else { return nil }
        exponent += accumulator.trailingZeros
        if accumulator.isZero {
            negative = false
            exponent = 0
        }
        small = accumulator.small
        large = accumulator.large
        self.exponent = max(-Self.exponentLimit, min(Self.exponentLimit, exponent))
    }

    @inline(__always)
    private static func digit(_ byte: UInt8) -> UInt8? {
        byte >= 0x30 && byte <= 0x39 ? byte - 0x30 : nil
    }

    /// Collects significant digits, deferring zeros so trailing ones can be dropped.
    private struct Accumulator {
        var small: UInt64 = 0
        var smallDigits = 0
        var large: [UInt8]?
        var trailingZeros = 0

        var isZero: Bool { smallDigits == 0 && large == nil }

        mutating func append(_ digit: UInt8) {
            if digit == 0 {
                if !isZero { trailingZeros += 1 }
                return
            }
            if large == nil, smallDigits + trailingZeros + 1 <= 19 {
                for _ in 0..<trailingZeros { small *= 10 }
                small = small * 10 + UInt64(digit)
                smallDigits += trailingZeros + 1
            } else {
                var digits = large ?? SchemaNumber.decimalDigits(small, count: smallDigits)
                large = nil  // digits is now the only reference: appending does not copy
                digits.append(contentsOf: repeatElement(0, count: trailingZeros))
                digits.append(digit)
                large = digits
            }
            trailingZeros = 0
        }
    }

    static func decimalDigits(_ value: UInt64, count: Int) -> [UInt8] {
        var digits = [UInt8](repeating: 0, count: count)
        var rest = value
        for index in stride(from: count - 1, through: 0, by: -1) {
            digits[index] = UInt8(rest % 10)
            rest /= 10
        }
        return digits
    }

    // MARK: - Queries

    var isZero: Bool { large == nil && small == 0 }

    /// Integral values: `1`, `1.0`, `1e3`, `-0`.
    var isInteger: Bool { exponent >= 0 }

    /// The number of significant digits (0 for zero).
    var digitCount: Int {
        if let large { return large.count }
        var count = 0
        var rest = small
        while rest > 0 {
            count += 1
            rest /= 10
        }
        return count
    }

    /// The significand's digits, most significant first.
    var digits: [UInt8] { large ?? Self.decimalDigits(small, count: digitCount) }

    /// The value as an `Int` when it is integral and fits.
    var intValue: Int? {
        guard isInteger, large == nil, exponent <= 18 else { return nil }
        var value = small
        for _ in 0..<exponent {
            let (product, overflow) = value.multipliedReportingOverflow(by: 10)
            guard !overflow else { return nil }
            value = product
        }
        guard value <= UInt64(Int.max) else { return nil }
        return negative ? -Int(value) : Int(value)
    }

    // MARK: - Order

    /// -1, 0 or 1 as `self` is less than, equal to or greater than `other`.
    func compare(_ other: SchemaNumber) -> Int {
        if isZero && other.isZero { return 0 }
        if negative != other.negative { return negative ? -1 : 1 }
        let magnitude = compareMagnitude(other)
        return negative ? -magnitude : magnitude
    }

    private func compareMagnitude(_ other: SchemaNumber) -> Int {
        if isZero { return other.isZero ? 0 : -1 }
        if other.isZero { return 1 }
        let count = digitCount
        let otherCount = other.digitCount
        let adjusted = exponent + count
        let otherAdjusted = other.exponent + otherCount
        if adjusted != otherAdjusted { return adjusted < otherAdjusted ? -1 : 1 }
        if large == nil, other.large == nil {
            // Same magnitude: align both to the longer digit count (at most 19, so no overflow).
            var a = small
            var b = other.small
            for _ in count..<max(count, otherCount) { a *= 10 }
            for _ in otherCount..<max(count, otherCount) { b *= 10 }
            return a == b ? 0 : (a < b ? -1 : 1)
        }
        let a = digits
        let b = other.digits
        for (x, y) in zip(a, b) where x != y { return x < y ? -1 : 1 }
        return a.count == b.count ? 0 : (a.count < b.count ? -1 : 1)
    }

    static func < (lhs: SchemaNumber, rhs: SchemaNumber) -> Bool { lhs.compare(rhs) < 0 }
}

extension SchemaNumber: CustomStringConvertible {
    /// Plain decimal text (`-1.25`, `300`), or `1.5e+40` style for extreme exponents.
    var description: String {
        let sign = negative ? "-" : ""
        let text = digits.map { String($0) }.joined()
        if isZero { return "0" }
        if exponent >= 0, exponent + text.count <= 21 { return sign + text + String(repeating: "0", count: exponent) }
        if exponent < 0, -exponent < text.count { return sign + text.dropLast(-exponent) + "." + text.suffix(-exponent) }
        if exponent < 0, -exponent <= 21 { return sign + "0." + String(repeating: "0", count: -exponent - text.count) + text }
        let adjusted = exponent + text.count - 1
        let mantissa = text.count > 1 ? text.prefix(1) + "." + text.dropFirst() : Substring(text)
        return sign + mantissa + "e" + (adjusted >= 0 ? "+" : "") + String(adjusted)
    }
}
