import Foundation
import ParapetAudit
import ParapetCore
import ParapetStore
import Testing

/// An audit log whose stored records a test can tamper with.
actor TamperableAuditLog: AuditLog {
    var stored: [AuditRecord] = []
    var checkpointList: [AuditCheckpoint] = []
    private let inner = InMemoryAuditLog()

    func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
        let records = try await inner.append(entries, sealer: sealer)
        stored += records
        checkpointList = await inner.checkpoints()
        return records
    }

    func records(_ query: AuditQuery) -> [AuditRecord] { stored.filter { $0.entry.tenant == query.tenant } }
    func record(id: String, tenant: String) -> AuditRecord? { stored.first { $0.entry.id == id } }
    func scan(after sequence: Int64, limit: Int) -> [AuditRecord] {
        Array(stored.sorted { $0.sequence < $1.sequence }.filter { $0.sequence > sequence }.prefix(limit))
    }
    func checkpoints() -> [AuditCheckpoint] { checkpointList }
    func lastRecord() -> AuditRecord? { stored.last }
    func deleteThrough(sequence: Int64) -> Int {
        let before = stored.count
        stored.removeAll { $0.sequence <= sequence }
        checkpointList.removeAll { $0.sequence < sequence }
        return before - stored.count
    }

    func mutate(_ body: @Sendable (inout [AuditRecord], inout [AuditCheckpoint]) -> Void) {
        body(&stored, &checkpointList)
    }
}

@Suite struct AuditVerifierTests {
    let chain = AuditChain(signingKey: Array("signing-key".utf8), checkpointInterval: 10)

    static func entry(_ i: Int, time: Date? = nil) -> AuditEntry {
        AuditEntry(
            id: "aud_\(i)", time: time ?? Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), requestID: "req_\(i)",
            tenant: i % 2 == 0 ? "a" : "b", keyID: "key_1", direction: .input, route: "chat", policyVersion: "builtin-1",
            action: .redact, categories: ["pii.email"], findingsJSON: #"[{"category":"pii.email"}]"#, detectors: ["pii@1"],
            latencyMicroseconds: 7, textHash: "ab", redactedText: "mail [EMAIL]", rawText: nil, metadataJSON: nil)
    }

    func filled(_ n: Int = 25) async throws -> TamperableAuditLog {
        let log = TamperableAuditLog()
        _ = try await log.append((1...n).map { Self.entry($0) }, sealer: chain)
        return log
    }

    func verify(_ log: TamperableAuditLog, pageSize: Int = 7) async throws -> AuditVerification {
        try await AuditVerifier(chain: chain, pageSize: pageSize).verify(log)
    }

    @Test func intactChainVerifies() async throws {
        let result = try await verify(try await filled())
        #expect(result.isIntact, "\(result.problems)")
        #expect(result.records == 25 && result.checkpoints == 2)
        #expect(result.firstSequence == 1 && result.lastSequence == 25)
    }

    @Test func namesAChangedRecord() async throws {
        let log = try await filled()
        await log.mutate { records, _ in records[4].entry.action = .allow }
        let result = try await verify(log)
        #expect(result.problems.map(\.kind) == [.changed])
        #expect(result.problems.first?.sequence == 5 && result.problems.first?.auditID == "aud_5")
    }

    @Test func namesADeletedRecord() async throws {
        let log = try await filled()
        await log.mutate { records, _ in records.remove(at: 6) }
        let result = try await verify(log)
        #expect(result.problems.map(\.kind) == [.missing])
        #expect(result.problems.first?.sequence == 7)
    }

    @Test func namesSwappedRecords() async throws {
        let log = try await filled()
        await log.mutate { records, _ in
            let a = records[11]
            let b = records[12]
            records[11] = AuditRecord(entry: b.entry, sequence: a.sequence, previousHash: b.previousHash, hash: b.hash)
            records[12] = AuditRecord(entry: a.entry, sequence: b.sequence, previousHash: a.previousHash, hash: a.hash)
        }
        let result = try await verify(log)
        #expect(result.problems.map(\.kind) == [.reordered, .reordered])
        #expect(result.problems.map(\.sequence) == [12, 13])
    }

    @Test func namesAnInsertedRecord() async throws {
        let log = try await filled()
        await log.mutate { records, _ in
            // A forged record squeezed in at 9 with a made-up hash; the later ones renumbered.
            var forged = records[8]
            forged.entry.id = "aud_forged"
            forged.hash = [UInt8](repeating: 7, count: 32)
            for i in 8..<records.count { records[i].sequence += 1 }
            records.insert(forged, at: 8)
        }
        let result = try await verify(log)
        #expect(result.problems.first?.kind == .inserted)
        #expect(result.problems.first?.sequence == 9 && result.problems.first?.auditID == "aud_forged")
    }

    @Test func namesAForgedInsertWithAValidHash() async throws {
        let log = try await filled()
        await log.mutate { records, _ in
            var entry = records[8].entry
            entry.id = "aud_forged"
            let forged = AuditRecord(entry: entry, sequence: 9, previousHash: records[7].hash, hash: AuditChain.hash(entry, sequence: 9, previousHash: records[7].hash))
            for i in 8..<records.count { records[i].sequence += 1 }
            records.insert(forged, at: 8)
        }
        let result = try await verify(log)
        #expect(result.problems.contains { $0.kind == .inserted && $0.sequence == 9 })
        #expect(result.problems.contains { $0.kind == .checkpointMismatch })
    }

    @Test func rewrittenChainFailsTheSignedCheckpoint() async throws {
        let log = try await filled()
        await log.mutate { records, _ in
            // Rewrite record 3 and recompute every hash after it, as an attacker with database
            // access but without the signing key could.
            records[2].entry.action = .allow
            var previous = records[1].hash
            for i in 2..<records.count {
                records[i].previousHash = previous
                records[i].hash = AuditChain.hash(records[i].entry, sequence: records[i].sequence, previousHash: previous)
                previous = records[i].hash
            }
        }
        let result = try await verify(log)
        #expect(result.problems.map(\.kind) == [.checkpointMismatch, .checkpointMismatch])
        #expect(result.problems.first?.sequence == 10)
    }

    @Test func checkpointsFromAnotherKeyAreRejected() async throws {
        let log = try await filled()
        let result = try await AuditVerifier(chain: AuditChain(signingKey: Array("other".utf8))).verify(log)
        #expect(result.problems.map(\.kind) == [.badSignature, .badSignature])
    }

    @Test func retentionKeepsTheChainVerifiable() async throws {
        let log = TamperableAuditLog()
        let old = Date(timeIntervalSince1970: 1_000_000)
        _ = try await log.append((1...25).map { Self.entry($0, time: old.addingTimeInterval(Double($0))) }, sealer: chain)
        _ = try await log.append((26...30).map { Self.entry($0) }, sealer: chain)
        let outcome = try await AuditRetention(days: 180).apply(to: log, now: Date(timeIntervalSince1970: 1_700_000_100))
        #expect(outcome.anchor == 20 && outcome.deletedRecords == 20)
        let result = try await verify(log)
        #expect(result.isIntact, "\(result.problems)")
        #expect(result.firstSequence == 21)
        // Appending after retention continues the chain from the anchor.
        _ = try await log.append([Self.entry(31)], sealer: chain)
        #expect(try await verify(log).isIntact)
    }

    @Test func deletingTheOldestRecordsWithoutAnAnchorIsReported() async throws {
        let log = try await filled()
        await log.mutate { records, _ in records.removeFirst(3) }
        let result = try await verify(log)
        #expect(result.problems.map(\.kind) == [.missingAnchor])
    }
}
