import ParapetCore

/// A permission service that says whether an object is flagged, asked over HTTP in addition to
/// (or instead of) a local flagged list:
///
/// ```yaml
/// flagged:
///   argument: order_id
///   list: [99999]                                # optional when a service is given
///   service: { url: http://perm.internal/check, timeout_ms: 50, on_error: review }
///   outcome: review                              # for objects the list or the service flags
/// ```
///
/// The engine's `evaluate` never calls it (it stays local and synchronous); the server asks it
/// after the local rules, through a `ToolPermissionChecking`.
public struct ToolPermissionService: Sendable, Hashable {
    /// The deadline when the config gives none.
    public static let defaultTimeout = Duration.milliseconds(50)
    /// The longest deadline the config may give: a slow service holds up every tool call.
    public static let maxTimeoutMilliseconds = 10_000

    /// Where the question is POSTed (`http://` or `https://`).
    public internal(set) var url: String
    /// The whole exchange (connect, request, response) must end within it.
    public internal(set) var timeout: Duration
    /// The outcome when the service gives no usable answer (timeout, connection error, a status
    /// other than 2xx, a body that is not `{"flagged": true|false}`): deny (the default), review
    /// or allow (fail open).
    public internal(set) var onError: ToolDecisionOutcome

    /// A service at `url`; the defaults are a 50 ms deadline and failing closed.
    public init(url: String, timeout: Duration = defaultTimeout, onError: ToolDecisionOutcome = .deny) {
        self.url = url
        self.timeout = timeout
        self.onError = onError
    }
}

/// One question for a permission service: is the object this call names flagged? Built by
/// `ToolPolicyEngine.permissionQuery(for:after:)`.
public struct ToolPermissionQuery: Sendable, Equatable {
    /// Whom to ask.
    public var service: ToolPermissionService
    /// The outcome when the service says the object is flagged (the tool's `flagged.outcome`).
    public var flaggedOutcome: ToolDecisionOutcome
    public var tenant: String
    public var tool: String
    /// The argument that names the object.
    public var argument: String
    /// The argument's value as the call gave it.
    public var value: JSON
    public var user: String?
    public var role: String

    /// A question; the engine builds these, tests and other checkers may too.
    public init(
        service: ToolPermissionService, flaggedOutcome: ToolDecisionOutcome, tenant: String, tool: String, argument: String, value: JSON,
        user: String?, role: String
    ) {
        self.service = service
        self.flaggedOutcome = flaggedOutcome
        self.tenant = tenant
        self.tool = tool
        self.argument = argument
        self.value = value
        self.user = user
        self.role = role
    }

    /// The request body: `{"tenant","tool","argument","value","user","role"}` (`user` null when
    /// the call names none).
    public var body: [UInt8] {
        JSON.object([
            "tenant": .string(tenant), "tool": .string(tool), "argument": .string(argument), "value": value,
            "user": user.map(JSON.string) ?? .null, "role": .string(role),
        ]).serialized
    }
}

/// What a permission service answered.
public enum ToolPermissionAnswer: Sendable, Equatable {
    /// The object may be touched.
    case notFlagged
    /// The object is flagged, with the service's reason if it gave one.
    case flagged(reason: String?)
    /// No usable answer; the service's `onError` applies.
    case failed(ToolPermissionFailure)

    /// The largest response body read.
    public static let maxBodyBytes = 64 << 10

    /// Reads a response: a 2xx status with a JSON object whose `flagged` is a boolean and whose
    /// `reason`, if present, is a string or null. Other members are ignored; anything else is
    /// a failure that says what was wrong.
    public static func parse(status: Int, body: [UInt8]) -> ToolPermissionAnswer {
        guard (200..<300).contains(status) else { return .failed(.status(status)) }
        let json: JSON
        do {
            json = try JSON.parse(body, maxDepth: 16)
        } catch {
            return .failed(.malformed("the body is not JSON (\(error))"))
        }
        guard case .object(let object) = json else { return .failed(.malformed("the body is not a JSON object")) }
        guard case .bool(let flagged)? = object["flagged"] else {
            return .failed(.malformed(object["flagged"] == nil ? "the body has no \"flagged\"" : "\"flagged\" is not true or false"))
        }
        var reason: String?
        switch object["reason"] {
        case nil, .null?: reason = nil
        case .string(let text)?: reason = text.isEmpty ? nil : text
        default: return .failed(.malformed("\"reason\" is not a string"))
        }
        return flagged ? .flagged(reason: reason) : .notFlagged
    }
}

/// Why a permission service gave no usable answer.
public enum ToolPermissionFailure: Sendable, Equatable, CustomStringConvertible {
    /// No complete answer within the deadline.
    case timeout(Duration)
    /// The connection failed (refused, reset, name not resolved); the text says how.
    case unreachable(String)
    /// A status other than 2xx.
    case status(Int)
    /// A 2xx answer that is not `{"flagged": true|false, "reason"?: "…"}`; the text says why.
    case malformed(String)

    public var description: String {
        switch self {
        case .timeout(let deadline): "gave no answer within \(ToolPermissionFailure.milliseconds(deadline)) ms"
        case .unreachable(let detail): "could not be reached (\(detail))"
        case .status(let code): "answered HTTP \(code)"
        case .malformed(let detail): "answered something unusable: \(detail)"
        }
    }

    static func milliseconds(_ duration: Duration) -> Int64 {
        let (seconds, attoseconds) = duration.components
        return seconds * 1_000 + attoseconds / 1_000_000_000_000_000
    }
}

/// Asks permission services whether objects are flagged. `ToolPermissionClient` (module
/// `ParapetGateway`) is the HTTP implementation.
///
/// Implementer duties:
/// - Never throw and never wait past `query.service.timeout` (plus scheduling): a late, failed or
///   unreadable answer is `.failed` with the reason, so the service's `onError` applies.
/// - Send `query.body` and read the answer with `ToolPermissionAnswer.parse(status:body:)`.
/// - Safe to call concurrently.
public protocol ToolPermissionChecking: Sendable {
    /// The service's answer to `query`.
    func check(_ query: ToolPermissionQuery) async -> ToolPermissionAnswer
}
