import HTTPTypes

extension HTTPField.Name {
    /// `x-mock-scenario`: a request's scenario in ``MockScenario/init(headerValue:)`` form.
    /// (The literal is a valid field name, so the fallback is never taken.)
    static let mockScenario = HTTPField.Name("x-mock-scenario") ?? .via
    /// `retry-after-ms`: OpenAI's and Anthropic's retry hint in milliseconds.
    static let retryAfterMilliseconds = HTTPField.Name("retry-after-ms") ?? .via
}
