import Foundation
import Logging
import ParapetAudit
import ParapetCore
import ParapetSQLite
import ParapetStore
import ParapetTesting
import ServiceLifecycle

/// `parapet bench --audit-records N`: group-committed audit writes into a fresh SQLite database,
/// from 64 concurrent writers, as the server does under load.
enum AuditBenchmark {
    static func run(records: Int, durability: SQLiteConfiguration.Durability) async throws -> (perSecond: Double, transactions: Int) {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-bench-\(UUID().uuidString)").path
        defer { try? FileManager.default.removeItem(atPath: directory) }
        let stores = try SQLiteStores.open(SQLiteConfiguration(path: directory + "/parapet.sqlite", durability: durability))
        let counting = CountingLog(inner: stores.audit)
        let writer = AuditWriter(log: counting, sealer: AuditChain(signingKey: Array(repeating: 7, count: 32), checkpointInterval: 100))
        let group = ServiceGroup(configuration: .init(services: [writer], logger: Logger(label: "bench")))
        let runner = Task { try await group.run() }
        let text = BenchCorpus.proseWithPII(bytes: 1_500)
        let clock = ContinuousClock()
        let start = clock.now
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            let writers = 64
            for w in 0..<writers {
                tasks.addTask {
                    var i = w
                    while i < records {
                        _ = try await writer.record(entry(i, text: text))
                        i += writers
                    }
                }
            }
            try await tasks.waitForAll()
        }
        let elapsed = clock.now - start
        await group.triggerGracefulShutdown()
        try await runner.value
        let seconds = elapsed.inSeconds
        return (Double(records) / seconds, await counting.transactions)
    }

    static func entry(_ i: Int, text: String) -> AuditEntry {
        AuditEntry(
            id: "aud_" + String(UInt64(Date().timeIntervalSince1970 * 1_000_000), radix: 16) + String(i), time: Date(), requestID: "req_\(i)", tenant: "default", keyID: "key_bench",
            direction: .input, route: nil, policyVersion: "builtin-1", action: .redact, categories: ["pii.email", "pii.phone"],
            findingsJSON: #"[{"category":"pii.email","start":10,"end":30,"score":0.95,"detector":"pii@1","action":"redact"}]"#,
            detectors: ["pii@1", "secrets@1", "injection@1"], latencyMicroseconds: 12,
            textHash: String(repeating: "ab", count: 32), redactedText: text, rawText: nil, metadataJSON: nil)
    }

    actor CountingLog: ForwardingAuditLog {
        let inner: any AuditLog
        nonisolated var forwardedLog: any AuditLog { inner }
        var transactions = 0
        init(inner: any AuditLog) { self.inner = inner }
        func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
            transactions += 1
            return try await inner.append(entries, sealer: sealer)
        }
    }
}
