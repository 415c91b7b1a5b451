import ParapetServer
import Testing

@Suite struct ServerConfigurationTests {
    @Test func defaults() {
        let c = ServerConfiguration()
        #expect(c.port == 8080)
        #expect(c.maxBodyBytes == 1_048_576)
    }
}
