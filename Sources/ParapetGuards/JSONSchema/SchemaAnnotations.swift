/// Which members of an object (by position) or items of an array were evaluated by some
/// keyword: what `unevaluatedProperties`/`unevaluatedItems` consult. Positions under 64 live
/// inline; `all` covers "every member" (e.g. after `additionalProperties` or `items`).
struct SchemaAnnotations: Sendable {
    var all = false
    private var first: UInt64 = 0
    private var more: [UInt64] = []

    @inline(__always)
    mutating func insert(_ position: Int) {
        if all { return }
        if position < 64 {
            first |= 1 << UInt64(position)
            return
        }
        let word = position / 64 - 1
        if more.count <= word { more.append(contentsOf: repeatElement(0, count: word + 1 - more.count)) }
        more[word] |= 1 << UInt64(position % 64)
    }

    /// Marks positions 0..<count.
    mutating func insert(upTo count: Int) {
        for position in 0..<count { insert(position) }
    }

    @inline(__always)
    func contains(_ position: Int) -> Bool {
        if all { return true }
        if position < 64 { return first & (1 << UInt64(position)) != 0 }
        let word = position / 64 - 1
        return word < more.count && more[word] & (1 << UInt64(position % 64)) != 0
    }

    mutating func formUnion(_ other: SchemaAnnotations) {
        if all { return }
        if other.all {
            all = true
            return
        }
        first |= other.first
        if more.count < other.more.count { more.append(contentsOf: repeatElement(0, count: other.more.count - more.count)) }
        for (index, word) in other.more.enumerated() { more[index] |= word }
    }
}
