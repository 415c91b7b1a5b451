import Testing
@testable import ParapetCore

@Suite struct ActionTests {
    @Test func severityOrder() {
        #expect(Action.allCases.sorted() == [.allow, .annotate, .redact, .review, .block])
        #expect([Action.redact, .block, .annotate].max() == .block)
    }
}
