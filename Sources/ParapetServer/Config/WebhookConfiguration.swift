import Foundation
import ParapetCore

/// One webhook of `parapet.yaml`'s top-level `webhooks:` list:
///
/// ```yaml
/// webhooks:
///   - url: https://hooks.example.com/parapet
///     secret_env: PARAPET_WEBHOOK_SECRET     # required; the secret comes only from the environment
///     format: generic                        # generic | slack
///     events: [review.created, review.resolved]   # default: all
///     tenants: [acme]                        # default: every tenant
///     timeout_ms: 5000                       # per attempt
///     max_attempts: 6                        # the first included
/// console_url: https://parapet.example.com/console   # optional: links in Slack messages
/// ```
public struct WebhookEndpoint: Sendable, Hashable {
    /// `http://` or `https://`. A Slack URL is itself a secret: it is never logged whole.
    public var url: String
    /// The environment variable holding the HMAC secret (read at startup, never stored in config).
    public var secretEnv: String
    public var format: WebhookFormat
    public var events: Set<ReviewEventKind>
    /// Only these tenants' events; nil for every tenant.
    public var tenants: Set<String>?
    /// The deadline of one attempt.
    public var timeout: Duration
    public var maxAttempts: Int

    public init(
        url: String, secretEnv: String, format: WebhookFormat = .generic, events: Set<ReviewEventKind> = Set(ReviewEventKind.allCases),
        tenants: Set<String>? = nil, timeout: Duration = .seconds(5), maxAttempts: Int = 6
    ) {
        self.url = url
        self.secretEnv = secretEnv
        self.format = format
        self.events = events
        self.tenants = tenants
        self.timeout = timeout
        self.maxAttempts = maxAttempts
    }

    /// Whether this webhook wants `event`.
    public func accepts(_ event: ReviewEvent) -> Bool {
        events.contains(event.kind) && (tenants?.contains(event.review.tenant) ?? true)
    }

    /// `scheme://host[:port]` of the URL: what logs name (a Slack webhook's path is its secret).
    public var label: String {
        guard let components = URLComponents(string: url), let scheme = components.scheme, let host = components.host else { return "webhook" }
        return "\(scheme)://\(host)" + (components.port.map { ":\($0)" } ?? "")
    }

    /// Whether the URL is plain `http://` (allowed, for local receivers).
    public var isPlainHTTP: Bool { url.lowercased().hasPrefix("http://") }

    /// Parses the `webhooks:` list; every error names its path (`config.webhooks[0].format: …`).
    static func parseList(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> [WebhookEndpoint] {
        guard let items = reader.list(value, at: path) else { return [] }
        var out: [WebhookEndpoint] = []
        for (i, item) in items.enumerated() {
            if let endpoint = parse(item, at: path.index(i), reader: &reader) { out.append(endpoint) }
        }
        return out
    }

    private static let fields: Set<String> = ["url", "secret_env", "format", "events", "tenants", "timeout_ms", "max_attempts"]

    private static func parse(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> WebhookEndpoint? {
        guard let entries = reader.map(value, at: path, allowed: fields) else { return nil }
        var url: String?
        var secretEnv: String?
        var endpoint = WebhookEndpoint(url: "", secretEnv: "")
        let errorsBefore = reader.errors.count
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "url": url = reader.string(entry.value, at: p).flatMap { httpURL($0, at: p, reader: &reader) }
            case "secret_env":
                if let name = reader.string(entry.value, at: p) {
                    if isVariableName(name) { secretEnv = name } else { reader.fail(p, "\"\(name)\" is not an environment variable name (letters, digits and _)") }
                }
            case "format": endpoint.format = reader.enumeration(entry.value, at: p, kind: "format") ?? endpoint.format
            case "events":
                guard let names = reader.strings(entry.value, at: p, nonEmpty: true) else { break }
                var events: Set<ReviewEventKind> = []
                for (k, name) in names.enumerated() {
                    if let kind = ReviewEventKind(rawValue: name) {
                        events.insert(kind)
                    } else {
                        let options = ReviewEventKind.allCases.map(\.rawValue).joined(separator: ", ")
                        reader.fail(p.index(k), "unknown event \"\(name)\" (expected one of: \(options))")
                    }
                }
                if !events.isEmpty { endpoint.events = events }
            case "tenants":
                if let tenants = reader.strings(entry.value, at: p, nonEmpty: true), !tenants.isEmpty { endpoint.tenants = Set(tenants) }
            case "timeout_ms": endpoint.timeout = reader.integer(entry.value, at: p, in: 100...60_000).map { .milliseconds($0) } ?? endpoint.timeout
            case "max_attempts": endpoint.maxAttempts = reader.integer(entry.value, at: p, in: 1...20) ?? endpoint.maxAttempts
            default: break
            }
        }
        if url == nil, !entries.contains(where: { $0.key == "url" }) { reader.fail(path.key("url"), "required: the receiver's http:// or https:// URL") }
        if secretEnv == nil, !entries.contains(where: { $0.key == "secret_env" }) {
            reader.fail(path.key("secret_env"), "required: the environment variable holding the signing secret")
        }
        guard let url, let secretEnv, reader.errors.count == errorsBefore else { return nil }
        endpoint.url = url
        endpoint.secretEnv = secretEnv
        return endpoint
    }

    /// `console_url`: an http(s) URL.
    static func parseConsoleURL(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> String? {
        reader.string(value, at: path).flatMap { httpURL($0, at: path, reader: &reader) }
    }

    /// `text` when it is an absolute `http://` or `https://` URL with a host.
    private static func httpURL(_ text: String, at path: ConfigPath, reader: inout ConfigReader) -> String? {
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(), scheme == "http" || scheme == "https",
            let host = components.host, !host.isEmpty
        else {
            reader.fail(path, "expected an absolute http:// or https:// URL")
            return nil
        }
        return text
    }

    private static func isVariableName(_ name: String) -> Bool {
        guard let first = name.utf8.first, !(0x30...0x39).contains(first) else { return false }
        return name.utf8.allSatisfy { b in (b >= 0x61 && b <= 0x7A) || (b >= 0x41 && b <= 0x5A) || (b >= 0x30 && b <= 0x39) || b == 0x5F }
    }
}
