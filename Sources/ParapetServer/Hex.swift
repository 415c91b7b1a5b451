/// Lower-case hexadecimal encoding (FoundationEssentials has no `String(format:)`).
enum Hex {
    private static let digits: [UInt8] = Array("0123456789abcdef".utf8)

    static func encode<Bytes: Sequence>(_ bytes: Bytes) -> String where Bytes.Element == UInt8 {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.underestimatedCount * 2)
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// `count` random bytes as `2 * count` hex digits, from the system's secure generator.
    static func random(bytes count: Int) -> String {
        var rng = SystemRandomNumberGenerator()
        var raw: [UInt8] = []
        raw.reserveCapacity(count + 8)
        while raw.count < count {
            withUnsafeBytes(of: rng.next() as UInt64) { raw.append(contentsOf: $0) }
        }
        return encode(raw.prefix(count))
    }
}
