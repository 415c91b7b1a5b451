import ParapetAudit

/// Verifies the whole audit chain (every tenant's records: the chain is one). The CLI wires
/// `AuditVerifier`; tests inject a fake.
public typealias AuditVerifying = @Sendable () async throws -> AuditVerification
