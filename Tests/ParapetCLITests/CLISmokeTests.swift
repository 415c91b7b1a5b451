import Testing

@Suite struct CLISmokeTests {
    @Test func placeholderUntilCLI() {
        #expect(Int("2") == 2)
    }
}
