/// The result of checking the audit chain: what was checked and every problem found.
public struct AuditVerification: Sendable, Hashable, Codable {
    public var records: Int
    public var checkpoints: Int
    public var firstSequence: Int64?
    public var lastSequence: Int64?
    public var problems: [Problem]

    /// No record changed, missing, inserted or out of order, and every checkpoint signed by us.
    public var isIntact: Bool { problems.isEmpty }

    public init(records: Int = 0, checkpoints: Int = 0, firstSequence: Int64? = nil, lastSequence: Int64? = nil, problems: [Problem] = []) {
        self.records = records
        self.checkpoints = checkpoints
        self.firstSequence = firstSequence
        self.lastSequence = lastSequence
        self.problems = problems
    }

    /// One finding of the verifier, naming the record it is about.
    public struct Problem: Sendable, Hashable, Codable, CustomStringConvertible {
        public enum Kind: String, Sendable, Hashable, Codable {
            /// The record's content no longer matches its hash.
            case changed
            /// Records are missing from the sequence (deleted).
            case missing
            /// A record that was not sealed into this chain.
            case inserted
            /// A genuine record stands at another position than the one it was sealed at.
            case reordered
            /// A record does not follow its predecessor (its predecessor was rewritten, or records
            /// were removed or added and the rest renumbered).
            case brokenLink = "broken_link"
            /// A record differs from what a signed checkpoint says: the chain was rewritten.
            case checkpointMismatch = "checkpoint_mismatch"
            /// A checkpoint whose signature is not ours.
            case badSignature = "bad_signature"
            /// The oldest remaining record has no signed checkpoint anchoring it.
            case missingAnchor = "missing_anchor"
        }

        public var kind: Kind
        public var sequence: Int64
        public var auditID: String?
        public var message: String

        public init(_ kind: Kind, sequence: Int64, auditID: String? = nil, _ message: String) {
            self.kind = kind
            self.sequence = sequence
            self.auditID = auditID
            self.message = message
        }

        public var description: String { "\(kind.rawValue) at \(sequence): \(message)" }

        enum CodingKeys: String, CodingKey {
            case kind, sequence
            case auditID = "audit_id"
            case message
        }
    }

    enum CodingKeys: String, CodingKey {
        case records, checkpoints
        case firstSequence = "first_sequence"
        case lastSequence = "last_sequence"
        case problems
        case isIntact = "intact"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(records, forKey: .records)
        try c.encode(checkpoints, forKey: .checkpoints)
        try c.encodeIfPresent(firstSequence, forKey: .firstSequence)
        try c.encodeIfPresent(lastSequence, forKey: .lastSequence)
        try c.encode(problems, forKey: .problems)
        try c.encode(isIntact, forKey: .isIntact)
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        records = try c.decode(Int.self, forKey: .records)
        checkpoints = try c.decode(Int.self, forKey: .checkpoints)
        firstSequence = try c.decodeIfPresent(Int64.self, forKey: .firstSequence)
        lastSequence = try c.decodeIfPresent(Int64.self, forKey: .lastSequence)
        problems = try c.decode([Problem].self, forKey: .problems)
    }
}
