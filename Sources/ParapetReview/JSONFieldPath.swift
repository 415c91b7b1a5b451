import ParapetCore

/// A dotted path into a JSON value, as the route settings write it: member names separated by
/// dots, a decimal component indexing an array (`refund.amount`, `items.0.amount`). The same
/// syntax as the confidence gate's field thresholds.
public struct JSONFieldPath: Sendable, Hashable, CustomStringConvertible {
    /// The components in order; never empty, none empty.
    public let components: [String]

    /// Nil when `text` is empty or has an empty component (`a..b`, `.a`).
    public init?(_ text: String) {
        let parts = text.split(separator: ".", omittingEmptySubsequences: false).map(String.init)
        guard !parts.isEmpty, parts.allSatisfy({ !$0.isEmpty }) else { return nil }
        components = parts
    }

    public var description: String { components.joined(separator: ".") }

    /// The value at this path in `root`, or nil when a member or index is missing.
    public func value(in root: JSON) -> JSON? {
        var current = root
        for component in components {
            switch current {
            case .object(let object):
                guard let next = object[component] else { return nil }
                current = next
            case .array(let elements):
                guard let index = Int(component), elements.indices.contains(index) else { return nil }
                current = elements[index]
            default:
                return nil
            }
        }
        return current
    }
}

extension JSON {
    /// A finite amount: a number, or a string that is entirely a decimal number (models often
    /// quote amounts: `"500.00"`). Nil for anything else.
    var amountValue: Double? {
        let parsed: Double?
        switch self {
        case .number: parsed = doubleValue
        case .string(let text): parsed = Double(text.trimmingASCIISpaces)
        default: parsed = nil
        }
        guard let parsed, parsed.isFinite else { return nil }
        return parsed
    }

    /// Whether two decisions say the same thing: numbers compare by value (`50` = `50.0`),
    /// arrays and objects member by member regardless of key order, the rest exactly.
    func sameDecision(as other: JSON) -> Bool {
        switch (self, other) {
        case (.number, .number):
            guard let a = doubleValue, let b = other.doubleValue else { return self == other }
            return a == b
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.sameDecision(as: $1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for (key, value) in a {
                guard let match = b[key], value.sameDecision(as: match) else { return false }
            }
            return true
        default:
            return self == other
        }
    }
}

extension String {
    /// Without leading and trailing ASCII spaces and tabs.
    var trimmingASCIISpaces: Substring {
        let isSpace: (Character) -> Bool = { $0 == " " || $0 == "\t" }
        guard let first = firstIndex(where: { !isSpace($0) }), let last = lastIndex(where: { !isSpace($0) }) else { return "" }
        return self[first...last]
    }
}
