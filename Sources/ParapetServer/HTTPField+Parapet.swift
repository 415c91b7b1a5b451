import HTTPTypes

extension HTTPField.Name {
    /// `x-request-id`, read from requests and echoed on every response.
    static let requestID = HTTPField.Name("x-request-id") ?? .via
}
