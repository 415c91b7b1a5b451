import ParapetStore

/// A deterministic sealer for the conformance suite (ParapetTesting does not link the real chain):
/// the "hash" mixes sequence, previous hash and every entry field with FNV-1a into 32 bytes, so
/// every record's hash is distinct and depends on its predecessor. A checkpoint comes every
/// `interval` records.
struct StoreConformanceSealer: AuditSealer {
    var interval: Int64

    func seal(_ entry: AuditEntry, sequence: Int64, previousHash: [UInt8]) -> AuditRecord {
        let text = "\(sequence)|\(previousHash)|\(entry)"
        return AuditRecord(entry: entry, sequence: sequence, previousHash: previousHash, hash: Self.digest(Array(text.utf8)))
    }

    func checkpoint(after record: AuditRecord) -> AuditCheckpoint? {
        guard record.sequence % interval == 0 else { return nil }
        return AuditCheckpoint(
            sequence: record.sequence, recordHash: record.hash, time: record.entry.time,
            signature: Self.digest(Array("signed|\(record.sequence)".utf8) + record.hash))
    }

    static func digest(_ bytes: [UInt8]) -> [UInt8] {
        var out: [UInt8] = []
        for seed in 0..<4 as Range<UInt64> {
            var h: UInt64 = 0xcbf2_9ce4_8422_2325 ^ (seed &* 0x9E37_79B9_7F4A_7C15)
            for b in bytes {
                h ^= UInt64(b)
                h = h &* 0x0000_0100_0000_01B3
            }
            withUnsafeBytes(of: h.bigEndian) { out.append(contentsOf: $0) }
        }
        return out
    }
}
