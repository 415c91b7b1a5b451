/// Names a detector and the version of its rules. Written as `name@version` (`pii@1`), the form
/// that findings and audit records carry, so a changed rule set is visible in the audit trail.
public struct DetectorID: Sendable, Hashable, Codable, CustomStringConvertible {
    public let name: String
    public let version: Int

    public init(name: String, version: Int) {
        self.name = name
        self.version = version
    }

    public var description: String { "\(name)@\(version)" }

    public init(from decoder: any Decoder) throws {
        let container = try decoder.singleValueContainer()
        let raw = try container.decode(String.self)
        guard let at = raw.lastIndex(of: "@"), let version = Int(raw[raw.index(after: at)...]) else {
            throw DecodingError.dataCorruptedError(
                in: container, debugDescription: "detector id must look like name@version, got \"\(raw)\"")
        }
        self.init(name: String(raw[..<at]), version: version)
    }

    public func encode(to encoder: any Encoder) throws {
        var container = encoder.singleValueContainer()
        try container.encode(description)
    }
}
