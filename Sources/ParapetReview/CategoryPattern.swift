/// A category id or a wildcard over ids, as the review settings name them: `pii.email` (that id),
/// `pii.*` (every id of the group, and deeper ids under it), `*` (every id).
public struct CategoryPattern: Sendable, Hashable, CustomStringConvertible {
    /// The pattern as written.
    public let description: String
    private let prefix: String?

    /// Nil when `text` is empty, or has a `*` anywhere but as a whole last component.
    public init?(_ text: String) {
        guard !text.isEmpty else { return nil }
        if text == "*" {
            prefix = ""
        } else if text.hasSuffix(".*") {
            let head = String(text.dropLast(1))
            guard head.count > 1, !head.contains("*") else { return nil }
            prefix = head
        } else {
            guard !text.contains("*") else { return nil }
            prefix = nil
        }
        description = text
    }

    /// Whether `category` is this id or falls under this wildcard.
    public func matches(_ category: String) -> Bool {
        if let prefix { return category.hasPrefix(prefix) && category.count > prefix.count }
        return category == description
    }
}
