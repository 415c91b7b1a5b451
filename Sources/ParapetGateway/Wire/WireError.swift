/// Why a request or response body does not have the shape its API promises. `param` is the path
/// of the offending field (`messages[2].content`), as OpenAI reports it in `error.param`.
public struct WireError: Error, Sendable, Equatable, CustomStringConvertible {
    /// What is wrong, for the caller's error message.
    public var message: String
    /// The path of the offending field; nil when the body as a whole is wrong.
    public var param: String?

    public init(_ message: String, param: String? = nil) {
        self.message = message
        self.param = param
    }

    public var description: String {
        guard let param else { return message }
        return "\(param): \(message)"
    }
}
