import Foundation

/// The audit trail in memory: for tests. Same semantics as the database implementations.
public actor InMemoryAuditLog: AuditLog {
    private var stored: [AuditRecord] = []
    private var checkpointList: [AuditCheckpoint] = []

    public init() {}

    public func append(_ entries: [AuditEntry], sealer: any AuditSealer) throws -> [AuditRecord] {
        var previous = stored.last?.hash ?? anchorHash() ?? [UInt8](repeating: 0, count: 32)
        var sequence = stored.last?.sequence ?? checkpointList.last?.sequence ?? 0
        var sealed: [AuditRecord] = []
        var newCheckpoints: [AuditCheckpoint] = []
        for entry in entries {
            guard !stored.contains(where: { $0.entry.id == entry.id }), !sealed.contains(where: { $0.entry.id == entry.id }) else {
                throw StoreError(.conflict, "audit id \(entry.id) exists")
            }
            sequence += 1
            let record = sealer.seal(entry, sequence: sequence, previousHash: previous)
            sealed.append(record)
            if let checkpoint = sealer.checkpoint(after: record) { newCheckpoints.append(checkpoint) }
            previous = record.hash
        }
        stored += sealed
        checkpointList += newCheckpoints
        return sealed
    }

    private func anchorHash() -> [UInt8]? { stored.isEmpty ? checkpointList.last?.recordHash : nil }

    public func records(_ q: AuditQuery) -> [AuditRecord] {
        let matching = stored.lazy.filter { r in
            r.entry.tenant == q.tenant
                && (q.after.map { r.sequence > $0 } ?? true)
                && (q.since.map { r.entry.time >= $0 } ?? true)
                && (q.until.map { r.entry.time < $0 } ?? true)
                && (q.action.map { r.entry.action == $0 } ?? true)
                && (q.category.map { r.entry.categories.contains($0) } ?? true)
        }
        return Array(matching.prefix(max(0, q.limit)))
    }

    public func record(id: String, tenant: String) -> AuditRecord? {
        stored.first { $0.entry.id == id && $0.entry.tenant == tenant }
    }

    public func scan(after sequence: Int64, limit: Int) -> [AuditRecord] {
        Array(stored.lazy.filter { $0.sequence > sequence }.prefix(max(0, limit)))
    }

    public func callCounts(tenant: String, since: Date?, until: Date?) -> AuditCallCounts {
        var counts = AuditCallCounts()
        for record in stored where record.entry.tenant == tenant
            && (since.map { record.entry.time >= $0 } ?? true) && (until.map { record.entry.time < $0 } ?? true)
        {
            counts.add(record.entry)
        }
        return counts
    }

    public func checkpoints() -> [AuditCheckpoint] { checkpointList }
    public func lastRecord() -> AuditRecord? { stored.last }

    public func deleteThrough(sequence: Int64) throws -> Int {
        guard checkpointList.contains(where: { $0.sequence == sequence }) else {
            throw StoreError(.conflict, "no checkpoint at sequence \(sequence) to anchor the remaining records")
        }
        let before = stored.count
        stored.removeAll { $0.sequence <= sequence }
        checkpointList.removeAll { $0.sequence < sequence }
        return before - stored.count
    }
}
