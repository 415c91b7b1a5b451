import ParapetCore
import ParapetGateway
import ParapetGuards

/// Everything `parapet serve` reads from `parapet.yaml` (all optional):
///
/// ```yaml
/// server:
///   host: 127.0.0.1
///   port: 8080
///   max_body_bytes: 1048576
///   max_batch_items: 64
/// data: ./parapet-data          # SQLite database, signing key, salt
/// policy: policy.yaml           # base policy of every tenant, layered over the built-in one
/// audit:
///   checkpoint_interval: 100    # a signed checkpoint every N records
///   retention_days: 180
///   durability: full            # full (fsync per commit) | normal (survives process crashes)
///   signing_key_env: PARAPET_AUDIT_SIGNING_KEY   # else generated into the data directory
/// gateway:                      # providers and routes; see `GatewayConfiguration`
///   providers: { … }
///   routes: { … }
/// webhooks:                     # review notifications; see `WebhookEndpoint`
///   - { url: https://hooks.example.com/parapet, secret_env: PARAPET_WEBHOOK_SECRET }
/// console_url: https://parapet.example.com/console   # links in Slack messages
/// tools:                        # tool-call policy; see `ToolPolicy` (none: every tool call is denied)
///   refund_order: { roles: [agent, manager], … }
/// ```
public struct ParapetConfiguration: Sendable, Hashable {
    public var server = ServerConfiguration()
    public var dataDirectory = "./parapet-data"
    public var policyPath: String?
    public var audit = AuditSettings()
    public var gateway = GatewayConfiguration()
    /// Where review events are sent (signed); none by default.
    public var webhooks: [WebhookEndpoint] = []
    /// The reviewer console's public URL, for links in notifications.
    public var consoleURL: String?
    /// The `tools:` section; nil when the file has none (every tool call is then denied).
    public var tools: ToolPolicy?

    public struct AuditSettings: Sendable, Hashable {
        public var checkpointInterval: Int64 = 100
        public var retentionDays = 180
        public var durability = "full"
        public var signingKeyEnv: String?
        public init() {}
    }

    public init() {}

    /// Parses a config document; every error names its path (`config.server.port: …`).
    public static func parse(yaml: String) throws(ConfigErrors) -> ParapetConfiguration {
        let tree = try YAMLDocument.parse(yaml, root: "config")
        var reader = ConfigReader()
        var config = ParapetConfiguration()
        let root: ConfigPath = "config"
        guard let entries = reader.map(tree, at: root, allowed: ["server", "data", "policy", "audit", "gateway", "webhooks", "console_url", "tools"]) else {
            throw ConfigErrors(reader.errors)
        }
        for entry in entries {
            let path = root.key(entry.key)
            switch entry.key {
            case "server": config.server = parseServer(entry.value, at: path, reader: &reader)
            case "data": config.dataDirectory = reader.string(entry.value, at: path) ?? config.dataDirectory
            case "policy": config.policyPath = reader.string(entry.value, at: path)
            case "audit": config.audit = parseAudit(entry.value, at: path, reader: &reader)
            case "gateway": config.gateway = GatewayConfiguration.parse(entry.value, at: path, reader: &reader)
            case "webhooks": config.webhooks = WebhookEndpoint.parseList(entry.value, at: path, reader: &reader)
            case "console_url": config.consoleURL = WebhookEndpoint.parseConsoleURL(entry.value, at: path, reader: &reader)
            case "tools": config.tools = ToolPolicy.parse(entry.value, at: path, reader: &reader)
            default: break
            }
        }
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors) }
        return config
    }

    private static func parseServer(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ServerConfiguration {
        var server = ServerConfiguration()
        guard let entries = reader.map(value, at: path, allowed: ["host", "port", "max_body_bytes", "max_batch_items"]) else { return server }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "host": server.host = reader.string(entry.value, at: p) ?? server.host
            case "port": server.port = reader.integer(entry.value, at: p, in: 0...65_535) ?? server.port
            case "max_body_bytes": server.maxBodyBytes = reader.integer(entry.value, at: p, in: 1_024...(256 << 20)) ?? server.maxBodyBytes
            case "max_batch_items": server.maxBatchItems = reader.integer(entry.value, at: p, in: 1...10_000) ?? server.maxBatchItems
            default: break
            }
        }
        return server
    }

    private static func parseAudit(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> AuditSettings {
        var audit = AuditSettings()
        guard let entries = reader.map(value, at: path, allowed: ["checkpoint_interval", "retention_days", "durability", "signing_key_env"]) else { return audit }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "checkpoint_interval":
                audit.checkpointInterval = reader.integer(entry.value, at: p, in: 1...1_000_000).map(Int64.init) ?? audit.checkpointInterval
            case "retention_days": audit.retentionDays = reader.integer(entry.value, at: p, in: 1...36_500) ?? audit.retentionDays
            case "durability":
                if let s = reader.string(entry.value, at: p) {
                    if s == "full" || s == "normal" { audit.durability = s } else { reader.fail(p, "unknown durability \"\(s)\" (expected one of: full, normal)") }
                }
            case "signing_key_env": audit.signingKeyEnv = reader.string(entry.value, at: p)
            default: break
            }
        }
        return audit
    }
}
