/// The result of verifying the audit chain, as `GET /v1/audit/verify` returns it.
///
/// The verifier lives in ParapetAudit; the server receives it as an `AuditVerifying` closure so
/// that the CLI wires the real one and tests inject a fake.
public struct AuditVerificationResult: Sendable, Hashable, Encodable {
    /// One problem the verifier found.
    public struct Problem: Sendable, Hashable, Encodable {
        /// The sequence number of the record concerned, when there is one.
        public var sequence: Int64?
        /// `changed`, `deleted`, `inserted`, `reordered`, `bad_checkpoint`, …
        public var kind: String
        /// What is wrong, in words.
        public var message: String

        /// A problem at `sequence` (nil when it concerns no single record).
        public init(sequence: Int64?, kind: String, message: String) {
            self.sequence = sequence
            self.kind = kind
            self.message = message
        }
    }

    /// True when the whole chain verified.
    public var ok: Bool
    /// Records checked.
    public var records: Int
    /// Signed checkpoints checked.
    public var checkpoints: Int
    /// Sequence of the last record checked, if any.
    public var lastSequence: Int64?
    /// Everything that did not verify, in chain order; empty when `ok`.
    public var problems: [Problem]

    /// A verification result.
    public init(ok: Bool, records: Int, checkpoints: Int, lastSequence: Int64?, problems: [Problem]) {
        self.ok = ok
        self.records = records
        self.checkpoints = checkpoints
        self.lastSequence = lastSequence
        self.problems = problems
    }

    enum CodingKeys: String, CodingKey {
        case ok, records, checkpoints
        case lastSequence = "last_sequence"
        case problems
    }

    /// Encodes with snake_case keys and explicit nulls.
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(ok, forKey: .ok)
        try c.encode(records, forKey: .records)
        try c.encode(checkpoints, forKey: .checkpoints)
        try c.encode(lastSequence, forKey: .lastSequence)
        try c.encode(problems, forKey: .problems)
    }
}

/// Verifies the whole audit chain (every tenant's records: the chain is one).
public typealias AuditVerifying = @Sendable () async throws -> AuditVerificationResult
