import ParapetStore

/// Walks the whole audit chain and names every record that was changed, deleted, inserted or
/// moved, and every checkpoint that does not vouch for the chain.
///
/// Checks, per record in sequence order: no gap to its predecessor; its content hashes to its
/// stored hash (if not, whether it hashes under a nearby sequence — then it was moved; or whether
/// its successor links past it — then it was inserted); it links to its predecessor's hash; and,
/// where a checkpoint exists, it matches the checkpoint's signed hash. The first record must link
/// to the genesis hash (sequence 1) or to a signed checkpoint (after retention).
public struct AuditVerifier: Sendable {
    private let chain: AuditChain
    private let pageSize: Int

    public init(chain: AuditChain, pageSize: Int = 5_000) {
        self.chain = chain
        self.pageSize = max(2, pageSize)
    }

    public func verify(_ log: any AuditLog) async throws -> AuditVerification {
        var result = AuditVerification()
        let checkpoints = try await log.checkpoints()
        result.checkpoints = checkpoints.count
        var signed: [Int64: AuditCheckpoint] = [:]
        for checkpoint in checkpoints {
            if chain.isValid(checkpoint) {
                signed[checkpoint.sequence] = checkpoint
            } else {
                result.problems.append(.init(.badSignature, sequence: checkpoint.sequence, "checkpoint signature is not valid for this signing key"))
            }
        }
        var walker = Walker(chain: chain, signed: signed)
        var cursor: Int64 = 0
        var window: [AuditRecord] = []
        while true {
            let page = try await log.scan(after: cursor, limit: pageSize)
            window += page
            if let last = page.last { cursor = last.sequence }
            let done = page.count < pageSize
            // Keep one record of lookahead across pages.
            while window.count > (done ? 0 : 1) {
                let current = window.removeFirst()
                walker.check(current, next: window.first)
            }
            if done { break }
        }
        result.records = walker.count
        result.firstSequence = walker.first
        result.lastSequence = walker.last
        result.problems += Walker.summarizeShifts(walker.problems, sealedAt: walker.sealedAt)
        return result
    }

    /// The per-record state of one verification pass.
    struct Walker {
        let chain: AuditChain
        let signed: [Int64: AuditCheckpoint]
        var problems: [AuditVerification.Problem] = []
        var count = 0
        var first: Int64?
        var last: Int64?
        /// The stored hash of the previous record (what the current one must link to).
        var previousHash: [UInt8]?
        var expected: Int64 = 1
        /// Sequence each moved record was sealed at, for summarising shifts.
        var sealedAt: [Int64: Int64] = [:]

        init(chain: AuditChain, signed: [Int64: AuditCheckpoint]) {
            self.chain = chain
            self.signed = signed
        }

        mutating func check(_ record: AuditRecord, next: AuditRecord?) {
            count += 1
            let seq = record.sequence
            let id = record.entry.id
            if first == nil {
                first = seq
                if seq == 1 {
                    previousHash = AuditChain.genesisHash
                } else if let anchor = signed[seq - 1] {
                    previousHash = anchor.recordHash
                } else {
                    problems.append(.init(.missingAnchor, sequence: seq, auditID: id, "records 1…\(seq - 1) are missing and no signed checkpoint at \(seq - 1) anchors the rest (deleted outside retention?)"))
                    previousHash = record.previousHash
                }
                expected = seq
            }
            if seq > expected {
                let range = seq - 1 == expected ? "\(expected)" : "\(expected)…\(seq - 1)"
                problems.append(.init(.missing, sequence: expected, "record\(seq - 1 == expected ? "" : "s") \(range) missing (deleted)"))
            } else if seq < expected {
                problems.append(.init(.inserted, sequence: seq, auditID: id, "duplicate sequence number \(seq)"))
            }
            let selfConsistent = AuditChain.hash(record.entry, sequence: seq, previousHash: record.previousHash) == record.hash
            let linked = record.previousHash == previousHash
            if !selfConsistent {
                if let original = sealedSequence(of: record) {
                    sealedAt[seq] = original
                    problems.append(.init(.reordered, sequence: seq, auditID: id, "the record sealed at sequence \(original) stands at \(seq)"))
                } else if let next, next.previousHash == previousHash {
                    problems.append(.init(.inserted, sequence: seq, auditID: id, "record was not sealed into the chain; its successor links past it"))
                } else {
                    problems.append(.init(.changed, sequence: seq, auditID: id, "content does not match the record's hash"))
                }
            } else if !linked && !flaggedBefore(seq) {
                // Content intact but not following its predecessor: the predecessor was rewritten
                // (hash recomputed) or records around it were removed or added and renumbered.
                problems.append(.init(.brokenLink, sequence: seq, auditID: id, "does not follow record \(seq - 1): that record was rewritten, or records before this one were removed or added"))
            }
            if let checkpoint = signed[seq], checkpoint.recordHash != record.hash {
                problems.append(.init(.checkpointMismatch, sequence: seq, auditID: id, "differs from the signed checkpoint: records up to \(seq) were rewritten"))
            }
            previousHash = record.hash
            expected = max(expected, seq) + 1
            last = seq
        }

        /// Whether a problem was already reported for the record before `seq` (or a gap before it),
        /// which explains a broken link.
        func flaggedBefore(_ seq: Int64) -> Bool {
            guard let last = problems.last else { return false }
            return last.sequence >= seq - 1
        }

        /// Runs of records moved by the same offset mean one record was inserted (offset -1: each
        /// record sealed one position earlier) or deleted with the rest renumbered (offset +1);
        /// reported once for the run instead of once per record.
        static func summarizeShifts(_ problems: [AuditVerification.Problem], sealedAt: [Int64: Int64]) -> [AuditVerification.Problem] {
            let moved = problems.filter { $0.kind == .reordered }
            var out = problems.filter { $0.kind != .reordered }
            var i = 0
            while i < moved.count {
                let p = moved[i]
                let offset = sealedAt[p.sequence].map { $0 - p.sequence } ?? 0
                var j = i + 1
                while j < moved.count, moved[j].sequence == moved[j - 1].sequence + 1,
                    sealedAt[moved[j].sequence].map({ $0 - moved[j].sequence }) == offset
                {
                    j += 1
                }
                let end = moved[j - 1].sequence
                if j - i < 2 || abs(offset) != 1 {
                    out += moved[i..<j]
                } else if offset < 0 {
                    if !out.contains(where: { $0.kind == .inserted && $0.sequence == p.sequence - 1 }) {
                        out.append(.init(.inserted, sequence: p.sequence - 1, "a record was inserted at \(p.sequence - 1): records \(p.sequence)…\(end) were each sealed one position earlier"))
                    }
                    out.append(.init(.reordered, sequence: p.sequence, auditID: p.auditID, "records \(p.sequence)…\(end) were renumbered up by one"))
                } else {
                    out.append(.init(.missing, sequence: p.sequence, "a record was deleted before \(p.sequence) and records \(p.sequence)…\(end) renumbered down by one"))
                }
                i = j
            }
            return out.enumerated().sorted { ($0.element.sequence, $0.offset) < ($1.element.sequence, $1.offset) }.map(\.element)
        }

        /// The sequence a moved record was sealed at, searched near its position.
        func sealedSequence(of record: AuditRecord) -> Int64? {
            for delta in [-1, 1, -2, 2, -3, 3, -4, 4] as [Int64] {
                let candidate = record.sequence + delta
                if candidate >= 1 && AuditChain.hash(record.entry, sequence: candidate, previousHash: record.previousHash) == record.hash {
                    return candidate
                }
            }
            return nil
        }
    }
}
