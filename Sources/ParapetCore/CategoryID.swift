/// The id of a taxonomy category, such as `pii.email` or `injection.instruction_override`.
///
/// Ids are dotted, lower-case except for the Llama Guard hazard codes (`harm.S1_violent_crimes`).
/// The first component is the group (`pii`, `secret`, `injection`, `harm`, `topic`, `wordlist`,
/// `output`, `tool`, `detector`).
public struct CategoryID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible,
    ExpressibleByStringLiteral
{
    public let rawValue: String

    public init(_ rawValue: String) { self.rawValue = rawValue }
    public init(stringLiteral value: String) { self.rawValue = value }

    public init(from decoder: any Decoder) throws {
        rawValue = try decoder.singleValueContainer().decode(String.self)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(rawValue)
    }

    /// The group: the part before the first dot (`pii` for `pii.email`).
    public var group: Substring {
        rawValue.split(separator: ".", maxSplits: 1, omittingEmptySubsequences: false).first ?? ""
    }

    /// The placeholder used by `RedactionStyle.placeholder`: the part after the group, upper-cased
    /// (`pii.email` → `EMAIL`, `secret.aws_access_key` → `AWS_ACCESS_KEY`).
    public var redactionLabel: String {
        let parts = rawValue.split(separator: ".", maxSplits: 1)
        return (parts.count == 2 ? String(parts[1]) : rawValue).uppercased()
    }

    public var description: String { rawValue }

    public static func < (lhs: CategoryID, rhs: CategoryID) -> Bool { lhs.rawValue < rhs.rawValue }
}
