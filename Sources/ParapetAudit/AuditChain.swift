import Crypto
import Foundation
import ParapetCore
import ParapetStore

/// Seals audit entries into a hash chain and signs checkpoints.
///
/// A record's hash is SHA-256 over a canonical encoding of its sequence number, every field of its
/// entry and its predecessor's hash (`AuditCanonicalEncoding`). Every `checkpointInterval` records
/// a checkpoint carries HMAC-SHA256(signing key, sequence ‖ record hash): the database alone
/// cannot produce it, so a rewritten chain does not verify.
public struct AuditChain: AuditSealer {
    private let signingKey: SymmetricKey
    public let checkpointInterval: Int64

    /// The previous hash of the first record of a fresh chain.
    public static let genesisHash = [UInt8](repeating: 0, count: 32)

    public init(signingKey: [UInt8], checkpointInterval: Int64 = 1_000) {
        self.signingKey = SymmetricKey(data: signingKey)
        self.checkpointInterval = max(1, checkpointInterval)
    }

    public func seal(_ entry: AuditEntry, sequence: Int64, previousHash: [UInt8]) -> AuditRecord {
        AuditRecord(entry: entry, sequence: sequence, previousHash: previousHash, hash: Self.hash(entry, sequence: sequence, previousHash: previousHash))
    }

    public func checkpoint(after record: AuditRecord) -> AuditCheckpoint? {
        guard record.sequence % checkpointInterval == 0 else { return nil }
        return AuditCheckpoint(
            sequence: record.sequence, recordHash: record.hash, time: record.entry.time,
            signature: sign(sequence: record.sequence, recordHash: record.hash))
    }

    /// The hash a record with this content must carry.
    public static func hash(_ entry: AuditEntry, sequence: Int64, previousHash: [UInt8]) -> [UInt8] {
        var encoding = AuditCanonicalEncoding()
        encoding.append(sequence)
        encoding.append(entry)
        encoding.append(bytes: previousHash)
        return Array(SHA256.hash(data: encoding.bytes))
    }

    func sign(sequence: Int64, recordHash: [UInt8]) -> [UInt8] {
        var encoding = AuditCanonicalEncoding()
        encoding.append(sequence)
        encoding.append(bytes: recordHash)
        return Array(HMAC<SHA256>.authenticationCode(for: encoding.bytes, using: signingKey))
    }

    /// Whether a checkpoint's signature is ours (constant-time comparison).
    public func isValid(_ checkpoint: AuditCheckpoint) -> Bool {
        var encoding = AuditCanonicalEncoding()
        encoding.append(checkpoint.sequence)
        encoding.append(bytes: checkpoint.recordHash)
        return HMAC<SHA256>.isValidAuthenticationCode(checkpoint.signature, authenticating: encoding.bytes, using: signingKey)
    }
}

/// Length-prefixed, fixed-order encoding of audit fields: unambiguous (no field can run into the
/// next) and independent of any JSON encoder's formatting.
struct AuditCanonicalEncoding {
    private(set) var bytes: [UInt8] = []

    mutating func append(_ value: Int64) {
        withUnsafeBytes(of: value.bigEndian) { bytes.append(contentsOf: $0) }
    }

    mutating func append(bytes value: [UInt8]) {
        append(Int64(value.count))
        bytes.append(contentsOf: value)
    }

    mutating func append(_ string: String?) {
        guard let string else {
            append(Int64(-1))
            return
        }
        append(bytes: Array(string.utf8))
    }

    mutating func append(_ entry: AuditEntry) {
        append(entry.id)
        append(entry.timeMicroseconds)
        append(entry.requestID)
        append(entry.tenant)
        append(entry.keyID)
        append(entry.direction.rawValue)
        append(entry.route)
        append(entry.policyVersion)
        append(entry.action.rawValue)
        append(Int64(entry.categories.count))
        for c in entry.categories { append(c) }
        append(entry.findingsJSON)
        append(Int64(entry.detectors.count))
        for d in entry.detectors { append(d) }
        append(entry.latencyMicroseconds)
        append(entry.textHash)
        append(entry.redactedText)
        append(entry.rawText)
        append(entry.metadataJSON)
    }
}
