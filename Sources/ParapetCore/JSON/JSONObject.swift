/// The members of a JSON object in source order. Lookups are linear, which beats hashing for the
/// small objects of API bodies; equality is order-sensitive, like the bytes it came from.
public struct JSONObject: Sendable, Equatable, Sequence, ExpressibleByDictionaryLiteral {
    /// The member names in order.
    public private(set) var keys: [String]
    /// The member values, parallel to `keys`.
    public private(set) var values: [JSON]

    /// An object with these members in this order. Later duplicates replace earlier ones.
    public init(_ entries: [(String, JSON)]) {
        keys = []
        values = []
        keys.reserveCapacity(entries.count)
        values.reserveCapacity(entries.count)
        for (key, value) in entries { self[key] = value }
    }

    public init(dictionaryLiteral elements: (String, JSON)...) {
        self.init(elements)
    }

    /// Built by the parser, which has already rejected duplicate keys.
    package init(uniqueKeys keys: [String], values: [JSON]) {
        self.keys = keys
        self.values = values
    }

    /// How many members.
    public var count: Int { keys.count }

    /// True when there are no members.
    public var isEmpty: Bool { keys.isEmpty }

    /// The value of `key`; setting replaces it in place or appends it, setting nil removes it.
    public subscript(key: String) -> JSON? {
        get {
            guard let index = keys.firstIndex(of: key) else { return nil }
            return values[index]
        }
        set {
            let index = keys.firstIndex(of: key)
            switch (index, newValue) {
            case (let index?, let value?): values[index] = value
            case (let index?, nil):
                keys.remove(at: index)
                values.remove(at: index)
            case (nil, let value?):
                keys.append(key)
                values.append(value)
            case (nil, nil): break
            }
        }
    }

    /// Changes the value of `key` in place (without copying it) when it exists; returns whether it
    /// did.
    @discardableResult
    public mutating func modify<E: Error>(_ key: String, _ body: (inout JSON) throws(E) -> Void) throws(E) -> Bool {
        guard let index = keys.firstIndex(of: key) else { return false }
        try body(&values[index])
        return true
    }

    public func makeIterator() -> some IteratorProtocol<(key: String, value: JSON)> {
        zip(keys, values).lazy.map { (key: $0.0, value: $0.1) }.makeIterator()
    }
}
