/// How a redacted span is replaced.
public enum RedactionStyle: String, Sendable, Hashable, Codable, CaseIterable {
    /// A fixed placeholder naming the category, e.g. `[EMAIL]`.
    case placeholder
    /// A placeholder plus a salted SHA-256 prefix of the original value, e.g. `[EMAIL:9f2c41d0]`,
    /// so equal values stay linkable without being readable.
    case hash
}
