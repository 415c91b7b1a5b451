import ParapetCore

extension Hex {
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
