/// A JSON value that keeps what a proxy must pass through unchanged: object keys stay in their
/// source order and numbers stay as their source text, so re-serialising a parsed body changes
/// nothing but insignificant whitespace and string escapes.
public enum JSON: Sendable, Equatable {
    case null
    case bool(Bool)
    /// A number as its RFC 8259 text (for example `"-1.5e3"`); build one with `number(_:)` to get
    /// valid text from an `Int` or a `Double`.
    case number(String)
    case string(String)
    case array([JSON])
    case object(JSONObject)
}

extension JSON {
    /// A number whose text is the integer's decimal form.
    public static func number(_ value: Int) -> JSON {
        .number(String(value))
    }

    /// A number whose text is the shortest form that round-trips; `null` for infinities and NaN,
    /// which JSON cannot represent.
    public static func number(_ value: Double) -> JSON {
        guard value.isFinite else { return .null }
        return .number(value.description)
    }

    /// The string, or nil when this is not a string.
    public var stringValue: String? {
        if case .string(let value) = self { return value }
        return nil
    }

    /// The boolean, or nil when this is not a boolean.
    public var boolValue: Bool? {
        if case .bool(let value) = self { return value }
        return nil
    }

    /// The elements, or nil when this is not an array.
    public var arrayValue: [JSON]? {
        if case .array(let value) = self { return value }
        return nil
    }

    /// The object, or nil when this is not an object.
    public var objectValue: JSONObject? {
        if case .object(let value) = self { return value }
        return nil
    }

    /// The number as a `Double`, or nil when this is not a number.
    public var doubleValue: Double? {
        if case .number(let text) = self { return Double(text) }
        return nil
    }

    /// The number as an `Int` when it is integral and fits (`3`, `3.0` and `3e0` all give 3); nil
    /// for fractions, out-of-range values and non-numbers.
    public var intValue: Int? {
        guard case .number(let text) = self else { return nil }
        if let exact = Int(text) { return exact }
        guard let double = Double(text), double.rounded() == double,
            abs(double) <= 9_007_199_254_740_992
        else { return nil }
        return Int(double)
    }

    /// True for `.null`.
    public var isNull: Bool {
        if case .null = self { return true }
        return false
    }

    /// The member `key` when this is an object; nil otherwise.
    public subscript(key: String) -> JSON? {
        objectValue?[key]
    }
}

/// String literals as `.string`, so bodies built in code read like the JSON they produce.
extension JSON: ExpressibleByStringLiteral {
    public init(stringLiteral value: String) {
        self = .string(value)
    }
}
