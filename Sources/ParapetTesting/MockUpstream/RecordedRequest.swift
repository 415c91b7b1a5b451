/// One request as the mock upstream received it, for tests to assert on.
///
/// Credentials are never kept: the values of `authorization` and `x-api-key` are replaced by
/// ``redacted``, so a test can see that a key was sent without the key being stored.
public struct RecordedRequest: Sendable, Equatable {
    /// What a credential header's value is replaced by.
    public static let redacted = "[redacted]"

    /// The request method, such as `POST`.
    public var method: String
    /// The path with its query, such as `/v1/chat/completions`.
    public var path: String
    /// Header names (lowercased) and values, in the order received.
    public var headers: [(name: String, value: String)]
    /// The request body.
    public var body: [UInt8]

    /// Creates a record.
    public init(method: String, path: String, headers: [(name: String, value: String)], body: [UInt8]) {
        self.method = method
        self.path = path
        self.headers = headers
        self.body = body
    }

    /// The first value of the header with this name (case-insensitive).
    public func header(_ name: String) -> String? {
        let lowercased = name.lowercased()
        return headers.first { $0.name == lowercased }?.value
    }

    /// The body as UTF-8 text.
    public var bodyText: String { String(decoding: body, as: UTF8.self) }

    public static func == (lhs: RecordedRequest, rhs: RecordedRequest) -> Bool {
        lhs.method == rhs.method && lhs.path == rhs.path && lhs.body == rhs.body
            && lhs.headers.elementsEqual(rhs.headers) { $0.name == $1.name && $0.value == $1.value }
    }

    /// Whether a header's value must not be recorded.
    static func isCredential(_ lowercasedName: String) -> Bool {
        lowercasedName == "authorization" || lowercasedName == "x-api-key" || lowercasedName == "proxy-authorization"
    }
}
