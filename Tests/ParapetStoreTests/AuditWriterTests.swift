import Foundation
import Logging
import ParapetAudit
import ParapetCore
import ParapetStore
import ParapetTesting
import ServiceLifecycle
import Testing

/// Counts append calls, to show that concurrent writes share transactions.
actor CountingAuditLog: ForwardingAuditLog {
    let inner: any AuditLog = InMemoryAuditLog()
    nonisolated var forwardedLog: any AuditLog { inner }
    private(set) var appendCalls = 0

    func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
        appendCalls += 1
        try await Task.sleep(for: .milliseconds(2))  // a transaction takes time
        return try await inner.append(entries, sealer: sealer)
    }
}

@Suite struct AuditWriterTests {
    let chain = AuditChain(signingKey: [1, 2, 3], checkpointInterval: 50)

    @Test func concurrentWritesAreGroupCommittedAndAllDurable() async throws {
        let log = CountingAuditLog()
        let writer = AuditWriter(log: log, sealer: chain)
        let runner = Task { try await writer.run() }
        let records = try await withThrowingTaskGroup(of: AuditRecord.self) { group in
            for i in 1...200 { group.addTask { try await writer.record(AuditVerifierTests.entry(i)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(records.map(\.sequence)) == Set(1...200))
        #expect(try await log.scan(after: 0, limit: 1_000).count == 200)
        let calls = await log.appendCalls
        #expect(calls < 200, "expected batching, got \(calls) transactions")
        #expect(try await AuditVerifier(chain: chain).verify(log).isIntact)
        runner.cancel()
    }

    @Test func gracefulShutdownFlushesThenRefuses() async throws {
        let log = CountingAuditLog()
        let writer = AuditWriter(log: log, sealer: chain)
        let group = ServiceGroup(configuration: .init(services: [writer], logger: Logger(label: "test")))
        let runner = Task { try await group.run() }
        let first = try await writer.record(AuditVerifierTests.entry(1))
        #expect(first.sequence == 1)
        await group.triggerGracefulShutdown()
        try await runner.value
        #expect(try await log.scan(after: 0, limit: 10).count == 1)
        await #expect(throws: AuditWriterError.self) { _ = try await writer.record(AuditVerifierTests.entry(2)) }
    }
}
