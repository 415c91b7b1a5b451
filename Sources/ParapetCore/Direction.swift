/// Where a piece of text sits in a conversation with a model.
///
/// The policy maps every category to an action per direction: a credit-card number in a user's
/// prompt (`input`) may be redacted while the same number in a model's answer (`output`) blocks.
public enum Direction: String, Sendable, Hashable, Codable, CaseIterable, CustomStringConvertible {
    /// Text an application sends to a model: user prompts, system prompts.
    case input
    /// Text a model produced.
    case output
    /// Arguments of, or results from, a tool call.
    case tool
    /// Documents retrieved for a prompt (RAG context), where indirect injections hide.
    case retrieval

    public var description: String { rawValue }
}
