import ParapetCore
import Foundation
import ParapetStore

/// One audit record as `GET /v1/audit` shows it and `parapet audit export` writes it.
public struct AuditRecordResponse: Encodable, Sendable {
    var sequence: Int64
    var id: String
    var time: String
    var tenant: String
    var requestID: String
    var keyID: String
    var direction: String
    var route: String?
    var policyVersion: String
    var action: String
    var categories: [String]
    var findings: JSONValue
    var detectors: [String]
    var latencyMicroseconds: Int64
    var textHash: String
    var redactedText: String?
    var rawText: String?
    var metadata: JSONValue?
    var hash: String
    var previousHash: String

    /// The JSON view of a stored record.
    public init(_ record: AuditRecord) {
        let entry = record.entry
        sequence = record.sequence
        id = entry.id
        time = Self.format(entry.time)
        tenant = entry.tenant
        requestID = entry.requestID
        keyID = entry.keyID
        direction = entry.direction.rawValue
        route = entry.route
        policyVersion = entry.policyVersion
        action = entry.action.rawValue
        categories = entry.categories
        findings = Self.parse(entry.findingsJSON) ?? .string(entry.findingsJSON)
        detectors = entry.detectors
        latencyMicroseconds = entry.latencyMicroseconds
        textHash = entry.textHash
        redactedText = entry.redactedText
        rawText = entry.rawText
        metadata = entry.metadataJSON.map { Self.parse($0) ?? .string($0) }
        hash = Hex.encode(record.hash)
        previousHash = Hex.encode(record.previousHash)
    }

    enum CodingKeys: String, CodingKey {
        case sequence, id, time, tenant
        case requestID = "request_id"
        case keyID = "key_id"
        case direction, route
        case policyVersion = "policy_version"
        case action, categories, findings, detectors
        case latencyMicroseconds = "latency_us"
        case textHash = "text_hash"
        case redactedText = "redacted_text"
        case rawText = "raw_text"
        case metadata, hash
        case previousHash = "previous_hash"
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(sequence, forKey: .sequence)
        try c.encode(id, forKey: .id)
        try c.encode(time, forKey: .time)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(requestID, forKey: .requestID)
        try c.encode(keyID, forKey: .keyID)
        try c.encode(direction, forKey: .direction)
        try c.encode(route, forKey: .route)
        try c.encode(policyVersion, forKey: .policyVersion)
        try c.encode(action, forKey: .action)
        try c.encode(categories, forKey: .categories)
        try c.encode(findings, forKey: .findings)
        try c.encode(detectors, forKey: .detectors)
        try c.encode(latencyMicroseconds, forKey: .latencyMicroseconds)
        try c.encode(textHash, forKey: .textHash)
        try c.encode(redactedText, forKey: .redactedText)
        try c.encodeIfPresent(rawText, forKey: .rawText)
        try c.encode(metadata, forKey: .metadata)
        try c.encode(hash, forKey: .hash)
        try c.encode(previousHash, forKey: .previousHash)
    }

    /// RFC 3339 with microseconds, UTC.
    static func format(_ date: Date) -> String {
        RFC3339.format(date)
    }

    private static func parse(_ json: String) -> JSONValue? {
        try? JSONDecoder().decode(JSONValue.self, from: Data(json.utf8))
    }
}
