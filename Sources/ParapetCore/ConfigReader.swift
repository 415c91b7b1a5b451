/// Walks a `ConfigValue` tree, collecting errors instead of stopping at the first, so a user sees
/// every problem in one run. Used by the typed parsers (policy now, server config later).
public struct ConfigReader: Sendable {
    public private(set) var errors: [ConfigError] = []

    public init() {}

    public mutating func fail(_ path: ConfigPath, _ message: String) {
        errors.append(ConfigError(path, message))
    }

    /// The entries of a mapping; records an error for any key outside `allowed` (strict decode).
    public mutating func map(_ value: ConfigValue, at path: ConfigPath, allowed: Set<String>? = nil)
        -> [ConfigValue.Entry]?
    {
        guard case .map(let entries) = value else {
            fail(path, "expected a mapping, got \(value.kindName)")
            return nil
        }
        if let allowed {
            for entry in entries where !allowed.contains(entry.key) {
                fail(path.key(entry.key), "unknown field (expected one of: \(allowed.sorted().joined(separator: ", ")))")
            }
        }
        return entries
    }

    public mutating func list(_ value: ConfigValue, at path: ConfigPath) -> [ConfigValue]? {
        guard case .list(let items) = value else {
            fail(path, "expected a list, got \(value.kindName)")
            return nil
        }
        return items
    }

    public mutating func string(_ value: ConfigValue, at path: ConfigPath) -> String? {
        switch value {
        case .string(let s): return s
        default:
            fail(path, "expected a string, got \(value.kindName)")
            return nil
        }
    }

    /// A list of strings; an empty list is reported when `nonEmpty`.
    public mutating func strings(_ value: ConfigValue, at path: ConfigPath, nonEmpty: Bool = false) -> [String]? {
        guard let items = list(value, at: path) else { return nil }
        var out: [String] = []
        for (i, item) in items.enumerated() {
            if let s = string(item, at: path.index(i)) {
                if s.isEmpty { fail(path.index(i), "must not be empty") } else { out.append(s) }
            }
        }
        if nonEmpty && items.isEmpty { fail(path, "must not be empty") }
        return out
    }

    public mutating func number(_ value: ConfigValue, at path: ConfigPath, in range: ClosedRange<Double>) -> Double? {
        let number: Double
        switch value {
        case .int(let i): number = Double(i)
        case .double(let d): number = d
        default:
            fail(path, "expected a number, got \(value.kindName)")
            return nil
        }
        guard range.contains(number) else {
            fail(path, "must be between \(range.lowerBound) and \(range.upperBound), got \(number)")
            return nil
        }
        return number
    }

    public mutating func integer(_ value: ConfigValue, at path: ConfigPath, in range: ClosedRange<Int>) -> Int? {
        guard case .int(let i) = value else {
            fail(path, "expected an integer, got \(value.kindName)")
            return nil
        }
        guard range.contains(i) else {
            fail(path, "must be between \(range.lowerBound) and \(range.upperBound), got \(i)")
            return nil
        }
        return i
    }

    public mutating func bool(_ value: ConfigValue, at path: ConfigPath) -> Bool? {
        guard case .bool(let b) = value else {
            fail(path, "expected true or false, got \(value.kindName)")
            return nil
        }
        return b
    }

    /// A closed enum spelled by its raw value.
    public mutating func enumeration<E: RawRepresentable & CaseIterable>(
        _ value: ConfigValue, at path: ConfigPath, kind: String
    ) -> E? where E.RawValue == String {
        guard let raw = string(value, at: path) else { return nil }
        guard let parsed = E(rawValue: raw) else {
            let options = E.allCases.map(\.rawValue).joined(separator: ", ")
            fail(path, "unknown \(kind) \"\(raw)\" (expected one of: \(options))")
            return nil
        }
        return parsed
    }
}
