/// Settings of the HTTP server, from `parapet serve` options and the config file.
public struct ServerConfiguration: Sendable, Hashable {
    /// Address to listen on.
    public var host: String
    /// Port to listen on; 0 picks a free one (tests).
    public var port: Int
    /// Request bodies above this are refused with 413.
    public var maxBodyBytes: Int
    /// Items per `POST /v1/guard/batch`.
    public var maxBatchItems: Int
    /// Messages per guard request.
    public var maxMessages: Int
    /// Serialized `metadata` above this is refused with 400.
    public var maxMetadataBytes: Int
    /// Whether audit records keep the raw text next to its salted hash and the redacted text.
    /// Off by default: the audit trail then never holds unredacted content.
    public var auditRawText: Bool
    /// How long an authenticated key stays cached before the key store is asked again (so that a
    /// revocation by another process takes effect within it).
    public var keyCacheTTL: Duration

    /// Defaults: 127.0.0.1:8080, 1 MiB bodies, 64 batch items, 256 messages, 4 KiB metadata,
    /// no raw text in the audit trail, keys cached for 5 s.
    public init(
        host: String = "127.0.0.1", port: Int = 8080, maxBodyBytes: Int = 1 << 20, maxBatchItems: Int = 64,
        maxMessages: Int = 256, maxMetadataBytes: Int = 4_096, auditRawText: Bool = false, keyCacheTTL: Duration = .seconds(5)
    ) {
        self.host = host
        self.port = port
        self.maxBodyBytes = maxBodyBytes
        self.maxBatchItems = maxBatchItems
        self.maxMessages = maxMessages
        self.maxMetadataBytes = maxMetadataBytes
        self.auditRawText = auditRawText
        self.keyCacheTTL = keyCacheTTL
    }
}
