import Foundation
import ParapetCore
import ParapetStore

/// An audit record as JSON: what `GET /v1/audit` returns and `parapet audit export` writes, one
/// object per line. Hashes are lower-case hex; time is RFC 3339 with microseconds.
public struct AuditRecordJSON: Sendable, Hashable, Codable {
    public var sequence: Int64
    public var id: String
    public var time: String
    public var requestID: String
    public var tenant: String
    public var keyID: String
    public var direction: String
    public var route: String?
    public var policyVersion: String
    public var action: String
    public var categories: [String]
    /// The findings array as stored (category, span, score, detector, action).
    public var findings: String
    public var detectors: [String]
    public var latencyMicroseconds: Int64
    public var textHash: String
    public var redactedText: String?
    public var rawText: String?
    public var metadata: String?
    public var previousHash: String
    public var hash: String

    public init(_ record: AuditRecord) {
        let e = record.entry
        sequence = record.sequence
        id = e.id
        time = AuditTime.format(microseconds: e.timeMicroseconds)
        requestID = e.requestID
        tenant = e.tenant
        keyID = e.keyID
        direction = e.direction.rawValue
        route = e.route
        policyVersion = e.policyVersion
        action = e.action.rawValue
        categories = e.categories
        findings = e.findingsJSON
        detectors = e.detectors
        latencyMicroseconds = e.latencyMicroseconds
        textHash = e.textHash
        redactedText = e.redactedText
        rawText = e.rawText
        metadata = e.metadataJSON
        previousHash = AuditHex.encode(record.previousHash)
        hash = AuditHex.encode(record.hash)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, id, time
        case requestID = "request_id"
        case tenant
        case keyID = "key_id"
        case direction, route
        case policyVersion = "policy_version"
        case action, categories, findings, detectors
        case latencyMicroseconds = "latency_us"
        case textHash = "text_hash"
        case redactedText = "redacted_text"
        case rawText = "raw_text"
        case metadata
        case previousHash = "previous_hash"
        case hash
    }
}

/// Lower-case hex.
public enum AuditHex {
    public static func encode(_ bytes: [UInt8]) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(bytes.count * 2)
        for b in bytes {
            out.append(digit(b >> 4))
            out.append(digit(b & 0x0F))
        }
        return String(decoding: out, as: UTF8.self)
    }

    @inline(__always) private static func digit(_ v: UInt8) -> UInt8 { v < 10 ? 0x30 + v : 0x57 + v }
}

/// RFC 3339 timestamps with microseconds, in UTC, without Foundation's formatters (which are
/// slow and not all available in FoundationEssentials).
public enum AuditTime {
    public static func format(microseconds: Int64) -> String {
        let seconds = microseconds >= 0 ? microseconds / 1_000_000 : (microseconds - 999_999) / 1_000_000
        let micros = microseconds - seconds * 1_000_000
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400
        let secondOfDay = seconds - days * 86_400
        let (y, m, d) = civil(fromDays: days)
        func pad(_ v: Int64, _ width: Int) -> String {
            let s = String(v)
            return s.count >= width ? s : String(repeating: "0", count: width - s.count) + s
        }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))T\(pad(secondOfDay / 3600, 2)):\(pad(secondOfDay / 60 % 60, 2)):\(pad(secondOfDay % 60, 2)).\(pad(micros, 6))Z"
    }

    /// Days since 1970-01-01 → (year, month, day), Howard Hinnant's algorithm.
    static func civil(fromDays z0: Int64) -> (Int64, Int64, Int64) {
        let z = z0 + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
