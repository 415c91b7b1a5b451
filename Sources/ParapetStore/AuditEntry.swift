import Foundation
import ParapetCore

/// The content of one audit record: one guard decision. Raw text appears only where the policy
/// opts in; otherwise the record keeps a salted hash of the raw text and the redacted text.
public struct AuditEntry: Sendable, Hashable {
    /// Public id returned to the caller (`audit_id`).
    public var id: String
    /// When the decision was made, microsecond precision.
    public var time: Date
    public var requestID: String
    public var tenant: String
    public var keyID: String
    public var direction: Direction
    public var route: String?
    public var policyVersion: String
    public var action: Action
    /// Distinct finding categories, sorted.
    public var categories: [String]
    /// The findings as a JSON array (category, span, score, detector, action; never the values).
    public var findingsJSON: String
    /// Detectors that ran, `name@version`, in order.
    public var detectors: [String]
    public var latencyMicroseconds: Int64
    /// Hex SHA-256 of salt ‖ raw text.
    public var textHash: String
    public var redactedText: String?
    public var rawText: String?
    /// Caller-supplied tags as a JSON object, bounded in size by the server.
    public var metadataJSON: String?

    public init(
        id: String, time: Date, requestID: String, tenant: String, keyID: String, direction: Direction,
        route: String?, policyVersion: String, action: Action, categories: [String], findingsJSON: String,
        detectors: [String], latencyMicroseconds: Int64, textHash: String, redactedText: String?,
        rawText: String?, metadataJSON: String?
    ) {
        self.id = id
        self.time = time
        self.requestID = requestID
        self.tenant = tenant
        self.keyID = keyID
        self.direction = direction
        self.route = route
        self.policyVersion = policyVersion
        self.action = action
        self.categories = categories
        self.findingsJSON = findingsJSON
        self.detectors = detectors
        self.latencyMicroseconds = latencyMicroseconds
        self.textHash = textHash
        self.redactedText = redactedText
        self.rawText = rawText
        self.metadataJSON = metadataJSON
    }

    /// `time` in whole microseconds since 1970, the form stores keep and hashes cover.
    /// Dates outside ±290,000 years (or not finite) are clamped instead of trapping.
    public var timeMicroseconds: Int64 {
        let micros = (time.timeIntervalSince1970 * 1_000_000).rounded()
        guard micros.isFinite else { return micros > 0 ? .max : .min }
        return Int64(exactly: micros) ?? (micros > 0 ? .max : .min)
    }
}

/// An entry sealed into the chain: its position, its predecessor's hash and its own hash.
public struct AuditRecord: Sendable, Hashable {
    public var entry: AuditEntry
    /// 1, 2, 3, … without gaps, across all tenants.
    public var sequence: Int64
    /// Hash of the record before (32 zero bytes before the first record).
    public var previousHash: [UInt8]
    /// SHA-256 over the canonical encoding of sequence, entry and previous hash.
    public var hash: [UInt8]

    public init(entry: AuditEntry, sequence: Int64, previousHash: [UInt8], hash: [UInt8]) {
        self.entry = entry
        self.sequence = sequence
        self.previousHash = previousHash
        self.hash = hash
    }
}

/// A signed statement "the chain up to `sequence` ends in `recordHash`": an HMAC over both with a
/// key the database does not hold, so rewriting the chain after the fact is detectable, and an
/// anchor for verification after retention deleted older records.
public struct AuditCheckpoint: Sendable, Hashable {
    public var sequence: Int64
    public var recordHash: [UInt8]
    public var time: Date
    public var signature: [UInt8]

    public init(sequence: Int64, recordHash: [UInt8], time: Date, signature: [UInt8]) {
        self.sequence = sequence
        self.recordHash = recordHash
        self.time = time
        self.signature = signature
    }
}

/// Seals entries into records; implemented by ParapetAudit, called by stores inside the
/// transaction that appends, so concurrent writers (several gateways on one database) still form
/// one chain.
public protocol AuditSealer: Sendable {
    func seal(_ entry: AuditEntry, sequence: Int64, previousHash: [UInt8]) -> AuditRecord
    /// A checkpoint to store with `record`, or nil (checkpoints come every N records).
    func checkpoint(after record: AuditRecord) -> AuditCheckpoint?
}

/// A tenant-scoped audit query. Results are ordered by sequence; `after` is the pagination cursor
/// (the last sequence of the previous page).
public struct AuditQuery: Sendable, Hashable {
    public var tenant: String
    public var since: Date?
    public var until: Date?
    public var action: Action?
    public var category: String?
    public var after: Int64?
    public var limit: Int

    public init(tenant: String, since: Date? = nil, until: Date? = nil, action: Action? = nil, category: String? = nil, after: Int64? = nil, limit: Int = 100) {
        self.tenant = tenant
        self.since = since
        self.until = until
        self.action = action
        self.category = category
        self.after = after
        self.limit = limit
    }
}
