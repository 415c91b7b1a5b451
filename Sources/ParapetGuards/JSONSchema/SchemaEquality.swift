import ParapetCore

/// JSON Schema's equality of instances (for `const`, `enum`, `uniqueItems`): numbers by value
/// (`1 == 1.0`), strings by code points, arrays element-wise, objects regardless of member order.
enum SchemaEquality {
    static func equal(_ a: JSON, _ b: JSON) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)):
            if x == y { return true }
            guard let left = SchemaNumber(x), let right = SchemaNumber(y) else { return false }
            return left == right
        case (.string(let x), .string(let y)): return SchemaText.equal(x, y)
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for index in x.indices where !equal(x[index], y[index]) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for (key, value) in x {
                guard let index = y.keys.firstIndex(where: { SchemaText.equal($0, key) }), equal(value, y.values[index]) else {
                    return false
                }
            }
            return true
        default:
            return false
        }
    }

    /// A hash consistent with `equal` (numbers by value, objects order-independent).
    static func hash(_ value: JSON, into hasher: inout Hasher) {
        switch value {
        case .null: hasher.combine(0)
        case .bool(let flag): hasher.combine(flag ? 1 : 2)
        case .number(let text):
            hasher.combine(3)
            if let number = SchemaNumber(text) {
                hasher.combine(number.negative)
                hasher.combine(number.digits)
                hasher.combine(number.exponent)
            } else {
                hasher.combine(text)
            }
        case .string(let text):
            hasher.combine(4)
            hashBytes(text, into: &hasher)
        case .array(let elements):
            hasher.combine(5)
            hasher.combine(elements.count)
            for element in elements { hash(element, into: &hasher) }
        case .object(let object):
            hasher.combine(6)
            hasher.combine(object.count)
            var members = 0
            for (key, member) in object {
                var memberHasher = Hasher()
                hashBytes(key, into: &memberHasher)
                hash(member, into: &memberHasher)
                members = members &+ memberHasher.finalize()
            }
            hasher.combine(members)
        }
    }

    private static func hashBytes(_ text: String, into hasher: inout Hasher) {
        var text = text
        text.withUTF8 { hasher.combine(bytes: UnsafeRawBufferPointer($0)) }
    }

    /// The positions of two equal elements, or nil when all are distinct.
    static func firstDuplicate(_ elements: [JSON]) -> (Int, Int)? {
        if elements.count <= 16 {
            for i in elements.indices {
                for j in (i + 1)..<elements.count where equal(elements[i], elements[j]) { return (i, j) }
            }
            return nil
        }
        var buckets: [Int: [Int]] = [:]
        for (index, element) in elements.enumerated() {
            var hasher = Hasher()
            hash(element, into: &hasher)
            let key = hasher.finalize()
            if let earlier = buckets[key]?.first(where: { equal(elements[$0], element) }) { return (earlier, index) }
            buckets[key, default: []].append(index)
        }
        return nil
    }
}
