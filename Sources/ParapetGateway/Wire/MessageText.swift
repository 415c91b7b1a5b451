/// A piece of message text a guard inspects, with where it sits so a redaction can be written
/// back with `replaceText(_:with:)`.
public struct MessageText: Sendable, Equatable {
    /// The position of the message in `messages` (of the choice in `choices`, for responses).
    public var messageIndex: Int
    /// The position of the part in an array `content`; nil when `content` is a string.
    public var partIndex: Int?
    /// The author: `system`, `user`, `assistant`, `tool`…
    public var role: String
    /// The text itself.
    public var text: String

    public init(messageIndex: Int, partIndex: Int?, role: String, text: String) {
        self.messageIndex = messageIndex
        self.partIndex = partIndex
        self.role = role
        self.text = text
    }
}
