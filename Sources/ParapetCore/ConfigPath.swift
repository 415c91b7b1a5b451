/// A dotted path into a configuration document, rendered the way errors name it:
/// `policy.categories["pii.email"].output`, `routes[1].fallbacks[0]`.
public struct ConfigPath: Sendable, Hashable, CustomStringConvertible, ExpressibleByStringLiteral {
    public private(set) var description: String

    public init(_ root: String) { description = root }
    public init(stringLiteral value: String) { description = value }

    /// The path of a mapping key. Keys that are plain identifiers are written `.key`, others
    /// `["key"]`.
    public func key(_ key: String) -> ConfigPath {
        var copy = self
        let plain = !key.isEmpty && key.utf8.allSatisfy { b in
            (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F
        }
        if plain {
            copy.description += "." + key
        } else {
            copy.description += "[\"" + key.replacingAll("\"", with: "\\\"") + "\"]"
        }
        return copy
    }

    /// The path of a list element.
    public func index(_ index: Int) -> ConfigPath {
        var copy = self
        copy.description += "[\(index)]"
        return copy
    }
}

extension String {
    /// Replaces every occurrence of `target` (FoundationEssentials-free).
    func replacingAll(_ target: Character, with replacement: String) -> String {
        var out = ""
        out.reserveCapacity(count)
        for ch in self {
            if ch == target { out += replacement } else { out.append(ch) }
        }
        return out
    }
}
