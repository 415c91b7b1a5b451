import Testing
@testable import ParapetGateway

@Suite struct ProviderErrorTests {
    @Test func descriptionNamesKindAndStatus() {
        let error = ProviderError(.rateLimited, "slow down", status: 429, retryAfter: 2)
        #expect(error.description == "rate_limited: slow down (HTTP 429)")
        #expect(ProviderError(.timeout, "no first token in 5 s").description == "timeout: no first token in 5 s")
    }
}
