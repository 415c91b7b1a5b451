import ParapetCore
import Testing

@testable import ParapetReview

@Suite struct EscalationMemoryTests {
    static func field() throws -> JSONFieldPath { try #require(JSONFieldPath("decision")) }

    @Test func remembersTaskTypesAndDecisionsPerTenant() throws {
        let field = try Self.field()
        let memory = InMemoryEscalationMemory()
        let input = EscalationInput(
            tenant: "a", route: "r", user: "u", taskType: "refund", subject: "order-1", answer: .object(["decision": "approve"]))
        #expect(!memory.hasSeen(tenant: "a", user: "u", taskType: "refund"))
        memory.remember(input, decisionFields: [field])
        #expect(memory.hasSeen(tenant: "a", user: "u", taskType: "refund"))
        #expect(!memory.hasSeen(tenant: "b", user: "u", taskType: "refund"))
        #expect(memory.lastDecision(tenant: "a", subject: "order-1", field: field) == "approve")
        #expect(memory.lastDecision(tenant: "b", subject: "order-1", field: field) == nil)
        #expect(memory.lastDecision(tenant: "a", subject: "order-1", field: try #require(JSONFieldPath("other"))) == nil)
    }

    @Test func staysWithinItsCapacityKeepingTheMostRecent() throws {
        let field = try Self.field()
        let memory = InMemoryEscalationMemory(capacity: 4)
        for index in 0..<10 {
            memory.remember(
                EscalationInput(tenant: "a", route: "r", user: "u\(index)", taskType: "t", subject: "s\(index)", answer: .object(["decision": .number(index)])),
                decisionFields: [field])
        }
        let seen = (0..<10).filter { memory.hasSeen(tenant: "a", user: "u\($0)", taskType: "t") }
        let decided = (0..<10).filter { memory.lastDecision(tenant: "a", subject: "s\($0)", field: field) != nil }
        #expect(seen.count <= 4 && decided.count <= 4)
        #expect(seen.contains(9) && decided.contains(9))
        #expect(!seen.contains(0) && !decided.contains(0))
    }

    @Test func concurrentUseIsSafe() async {
        let memory = InMemoryEscalationMemory(capacity: 64)
        await withTaskGroup(of: Void.self) { group in
            for worker in 0..<8 {
                group.addTask {
                    for index in 0..<200 {
                        let input = EscalationInput(tenant: "a", route: "r", user: "u\(worker)-\(index)", taskType: "t")
                        memory.remember(input, decisionFields: [])
                        _ = memory.hasSeen(tenant: "a", user: "u\(worker)-\(index)", taskType: "t")
                    }
                }
            }
        }
        #expect((0..<8).contains { memory.hasSeen(tenant: "a", user: "u\($0)-199", taskType: "t") }, "the last remembered is kept")
    }
}
