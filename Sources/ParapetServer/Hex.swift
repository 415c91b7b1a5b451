import ParapetCore

extension Hex {
    /// `count` random bytes as `2 * count` hex digits, from the kernel's secure generator
    /// (through ``RandomBytePool``).
    static func random(bytes count: Int, from pool: RandomBytePool = .shared) -> String {
        var raw: [UInt8] = []
        raw.reserveCapacity(count)
        pool.append(count, to: &raw)
        return encode(raw)
    }
}
