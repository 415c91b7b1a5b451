/// A fixed set of names (property names, enum strings) with code-point equality and constant-time
/// lookup: the names' bytes in one buffer and an open-addressing table of FNV-1a hashes.
struct SchemaNameTable: Sendable {
    private var bytes: [UInt8] = []
    /// Name `i` is `bytes[starts[i]..<starts[i + 1]]`.
    private var starts: [Int] = [0]
    /// Entry index per slot, -1 for empty; the count is a power of two, at least twice the names.
    private var slots: [Int32] = [-1]
    private var mask = 0

    /// The table of `names`; a repeated name keeps its first index.
    init(_ names: [String]) {
        var capacity = 2
        while capacity < 2 * names.count { capacity *= 2 }
        slots = Array(repeating: -1, count: capacity)
        mask = capacity - 1
        for (index, name) in names.enumerated() {
            bytes.append(contentsOf: name.utf8)
            starts.append(bytes.count)
            if self.index(of: name) == nil { insert(index, name) }
        }
    }

    var count: Int { starts.count - 1 }

    private mutating func insert(_ index: Int, _ name: String) {
        var name = name
        let hash = name.withUTF8 { SchemaText.hash($0) }
        var slot = Int(truncatingIfNeeded: hash) & mask
        while slots[slot] >= 0 { slot = (slot + 1) & mask }
        slots[slot] = Int32(index)
    }

    /// The index of `name`, or nil.
    @inline(__always)
    func index(of name: String) -> Int? {
        var name = name
        return name.withUTF8 { key in
            bytes.withUnsafeBufferPointer { bytes in
                slots.withUnsafeBufferPointer { slots in
                    starts.withUnsafeBufferPointer { starts in
                        var slot = Int(truncatingIfNeeded: SchemaText.hash(key)) & mask
                        while true {
                            let entry = Int(slots[slot])
                            if entry < 0 { return nil }
                            if entry + 1 < starts.count {
                                let start = starts[entry]
                                let candidate = UnsafeBufferPointer(rebasing: bytes[start..<starts[entry + 1]])
                                if SchemaText.bytesEqual(candidate, key) { return entry }
                            }
                            slot = (slot + 1) & mask
                        }
                    }
                }
            }
        }
    }

    func contains(_ name: String) -> Bool { index(of: name) != nil }
}
