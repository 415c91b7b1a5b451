import Foundation
import ParapetAudit
import ParapetCore
import ParapetStore
import Testing

@Suite struct InMemoryAuditLogTests {
    static func entry(_ i: Int, tenant: String = "t1") -> AuditEntry {
        AuditEntry(
            id: "aud_\(i)", time: Date(timeIntervalSince1970: 1_700_000_000 + Double(i)), requestID: "req_\(i)", tenant: tenant,
            keyID: "key_1", direction: .input, route: nil, policyVersion: "builtin-1", action: .allow, categories: [],
            findingsJSON: "[]", detectors: ["pii@1"], latencyMicroseconds: 5, textHash: "00", redactedText: nil,
            rawText: nil, metadataJSON: nil)
    }

    @Test func appendChainsRecords() async throws {
        let log: any AuditLog = InMemoryAuditLog()
        let chain = AuditChain(signingKey: Array("k".utf8), checkpointInterval: 2)
        let records = try await log.append((1...3).map { Self.entry($0) }, sealer: chain)
        #expect(records.map(\.sequence) == [1, 2, 3])
        #expect(records[0].previousHash == AuditChain.genesisHash)
        #expect(records[1].previousHash == records[0].hash)
        #expect(records[2].hash == AuditChain.hash(records[2].entry, sequence: 3, previousHash: records[1].hash))
        let checkpoints = try await log.checkpoints()
        #expect(checkpoints.map(\.sequence) == [2])
        #expect(chain.isValid(checkpoints[0]))
        #expect(!AuditChain(signingKey: Array("other".utf8)).isValid(checkpoints[0]))
    }
}
