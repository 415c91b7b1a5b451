/// An open-addressing hash table keyed by 64-bit values that are already hashes (FNV-1a words,
/// mixed bigrams), with an `Int32` per key. `Set<UInt64>` and `Dictionary` would hash every key
/// again with SipHash, which dominated the cost of indexing sources.
///
/// Linear probing in a power-of-two table kept at most half full; key 0 marks an empty slot, so a
/// real key 0 is stored as another constant (a collision chance of 2⁻⁶⁴).
struct HashedKeyTable {
    private var keys: [UInt64]
    private var values: [Int32]
    private var shift: UInt64
    private(set) var count = 0

    init(minimumCapacity: Int = 8) {
        var bits: UInt64 = 4
        while (1 << bits) < 2 * max(minimumCapacity, 1) { bits += 1 }
        keys = [UInt64](repeating: 0, count: 1 << bits)
        values = [Int32](repeating: 0, count: 1 << bits)
        shift = 64 - bits
    }

    @inline(__always) private static func stored(_ key: UInt64) -> UInt64 {
        key == 0 ? 0x9E37_79B9_7F4A_7C15 : key
    }

    /// The slot holding `key`, or the empty slot where it would go.
    @inline(__always) private func slot(_ key: UInt64) -> Int {
        let mask = keys.count - 1
        var index = Int(truncatingIfNeeded: (key &* 0x9E37_79B9_7F4A_7C15) >> shift)
        while true {
            let present = keys[index]
            if present == key || present == 0 { return index }
            index = (index + 1) & mask
        }
    }

    func contains(_ key: UInt64) -> Bool {
        let key = Self.stored(key)
        return keys[slot(key)] == key
    }

    /// The value of `key`, or nil.
    func value(_ key: UInt64) -> Int32? {
        let key = Self.stored(key)
        let index = slot(key)
        return keys[index] == key ? values[index] : nil
    }

    /// Adds `key` with `value`, or replaces its value.
    mutating func set(_ key: UInt64, _ value: Int32) {
        let key = Self.stored(key)
        var index = slot(key)
        if keys[index] != key {
            if 2 * (count + 1) > keys.count {
                grow()
                index = slot(key)
            }
            keys[index] = key
            count += 1
        }
        values[index] = value
    }

    /// Adds `key` (with value 0) unless present.
    mutating func insert(_ key: UInt64) {
        if !contains(key) { set(key, 0) }
    }

    private mutating func grow() {
        let oldKeys = keys
        let oldValues = values
        keys = [UInt64](repeating: 0, count: oldKeys.count * 2)
        values = [Int32](repeating: 0, count: oldKeys.count * 2)
        shift -= 1
        for index in oldKeys.indices where oldKeys[index] != 0 {
            let slot = slot(oldKeys[index])
            keys[slot] = oldKeys[index]
            values[slot] = oldValues[index]
        }
    }
}
