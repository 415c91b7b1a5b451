import ParapetStore

/// A wrapper around an audit log, for tests and benchmarks: every call it does not implement
/// itself goes to `forwardedLog` (except `callCounts`, which keeps the protocol's default).
/// Conformers usually implement only `append`, to count or fail it.
public protocol ForwardingAuditLog: AuditLog {
    var forwardedLog: any AuditLog { get }
}

extension ForwardingAuditLog {
    public func append(_ entries: [AuditEntry], sealer: any AuditSealer) async throws -> [AuditRecord] {
        try await forwardedLog.append(entries, sealer: sealer)
    }
    public func records(_ query: AuditQuery) async throws -> [AuditRecord] { try await forwardedLog.records(query) }
    public func record(id: String, tenant: String) async throws -> AuditRecord? { try await forwardedLog.record(id: id, tenant: tenant) }
    public func scan(after sequence: Int64, limit: Int) async throws -> [AuditRecord] {
        try await forwardedLog.scan(after: sequence, limit: limit)
    }
    public func checkpoints() async throws -> [AuditCheckpoint] { try await forwardedLog.checkpoints() }
    public func lastRecord() async throws -> AuditRecord? { try await forwardedLog.lastRecord() }
    public func deleteThrough(sequence: Int64) async throws -> Int { try await forwardedLog.deleteThrough(sequence: sequence) }
}
