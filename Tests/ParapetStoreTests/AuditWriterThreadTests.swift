import Foundation
import Logging
import ParapetAudit
import ParapetCore
import ParapetSQLite
import ParapetStore
import ParapetTesting
import ServiceLifecycle
import Synchronization
import Testing

/// A blocking log over SQLite that counts which path the writer used, and can fail on demand.
final class ProbeBlockingLog: BlockingAuditAppending, ForwardingAuditLog {
    let inner: SQLiteAuditLog
    let blockingCalls = Atomic<Int>(0)
    let asyncCalls = Atomic<Int>(0)
    let failing = Atomic<Bool>(false)

    var forwardedLog: any AuditLog { inner }

    init(_ inner: SQLiteAuditLog) { self.inner = inner }

    func appendBlocking(_ entries: [AuditEntry], sealer: any AuditSealer) throws -> [AuditRecord] {
        blockingCalls.add(1, ordering: .relaxed)
        if failing.load(ordering: .relaxed) { throw StoreError(.unavailable, "disk gone") }
        return try inner.appendBlocking(entries, sealer: sealer)
    }
    func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
        asyncCalls.add(1, ordering: .relaxed)
        return try await inner.append(entries, sealer: sealer)
    }
}

/// The writer's own thread, used for logs that can append blocking (the SQLite store).
@Suite(.timeLimit(.minutes(1))) struct AuditWriterThreadTests {
    let chain = AuditChain(signingKey: [1, 2, 3], checkpointInterval: 50)

    func openLog(_ directory: TemporaryDirectory) throws -> ProbeBlockingLog {
        let database = try SQLiteDatabase(SQLiteConfiguration(path: directory.path("parapet.sqlite")))
        return ProbeBlockingLog(SQLiteAuditLog(database: database))
    }

    @Test func concurrentRecordsAreGroupCommittedOnTheWriterThread() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        let writer = AuditWriter(log: log, sealer: chain)
        let runner = Task { try await writer.run() }
        let records = try await withThrowingTaskGroup(of: AuditRecord.self) { group in
            for i in 1...300 { group.addTask { try await writer.record(AuditVerifierTests.entry(i)) } }
            return try await group.reduce(into: []) { $0.append($1) }
        }
        #expect(Set(records.map(\.sequence)) == Set(1...300))
        #expect(try await log.scan(after: 0, limit: 1_000).count == 300)
        #expect(log.asyncCalls.load(ordering: .relaxed) == 0)
        let transactions = log.blockingCalls.load(ordering: .relaxed)
        #expect(transactions > 0 && transactions < 300, "expected batching on the thread, got \(transactions) transactions")
        #expect(try await AuditVerifier(chain: chain).verify(log).isIntact)
        runner.cancel()
        try await runner.value
    }

    @Test func gracefulShutdownFlushesEveryQueuedRecordThenRefuses() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        let writer = AuditWriter(log: log, sealer: chain)
        let group = ServiceGroup(configuration: .init(services: [writer], logger: Logger(label: "test")))
        let runner = Task { try await group.run() }
        _ = try await writer.record(AuditVerifierTests.entry(0))
        // Records in flight while the shutdown starts: each is either acknowledged (and then
        // stored) or refused, never lost after an acknowledgement.
        let outcomes = await withTaskGroup(of: AuditRecord?.self) { tasks in
            for i in 1...200 { tasks.addTask { try? await writer.record(AuditVerifierTests.entry(i)) } }
            tasks.addTask {
                await group.triggerGracefulShutdown()
                return nil
            }
            return await tasks.reduce(into: [AuditRecord]()) { if let record = $1 { $0.append(record) } }
        }
        try await runner.value
        let stored = try await log.scan(after: 0, limit: 1_000)
        #expect(Set(stored.map(\.entry.id)) == Set([AuditVerifierTests.entry(0).id] + outcomes.map(\.entry.id)))
        await #expect(throws: AuditWriterError.self) { _ = try await writer.record(AuditVerifierTests.entry(999)) }
        #expect(try await AuditVerifier(chain: chain).verify(log).isIntact)
    }

    @Test func aFailedBatchFailsItsWaitersAndTheWriterGoesOn() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        let writer = AuditWriter(log: log, sealer: chain, logger: Logger(label: "test"))
        let runner = Task { try await writer.run() }
        log.failing.store(true, ordering: .relaxed)
        await #expect(throws: StoreError.self) { _ = try await writer.record(AuditVerifierTests.entry(1)) }
        log.failing.store(false, ordering: .relaxed)
        let record = try await writer.record(AuditVerifierTests.entry(2))
        #expect(record.sequence == 1)
        runner.cancel()
        try await runner.value
        #expect(try await log.scan(after: 0, limit: 10).map(\.entry.id) == [AuditVerifierTests.entry(2).id])
    }

    @Test func cancellationStopsTheThreadAndRefusesLaterRecords() async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        let log = try openLog(directory)
        let writer = AuditWriter(log: log, sealer: chain)
        let runner = Task { try await writer.run() }
        _ = try await writer.record(AuditVerifierTests.entry(1))
        runner.cancel()
        try await runner.value  // returns: the thread saw the stop and ended
        await #expect(throws: AuditWriterError.self) { _ = try await writer.record(AuditVerifierTests.entry(2)) }
    }
}
