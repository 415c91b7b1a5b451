import ParapetCore
import Hummingbird

/// The one error type of the HTTP API, rendered in OpenAI's shape:
/// `{"error":{"type":…,"message":…,"param":…,"code":…}}`.
///
/// Building an error never logs. Messages are meant for the caller: they name the problem and the
/// parameter, never server internals.
public struct APIError: Error, Sendable, Hashable, HTTPResponseError, CustomStringConvertible {
    private enum Kind: Sendable, Hashable {
        case invalidRequest
        case authentication
        case permission
        case notFound
        case conflict
        case tooLarge
        case unsupportedMediaType
        case unavailable
        case internalError
        /// Gateway errors: any status with its own `type` (`guardrail_blocked`, `upstream_error`, …).
        case gateway(status: HTTPResponse.Status, type: String)
    }

    private let kind: Kind
    /// Human-readable explanation.
    public let message: String
    /// The request parameter at fault (`items[3].direction`), if any.
    public let param: String?
    /// A machine-readable code, if any (`unknown_field`, `invalid_api_key`, …).
    public let code: String?

    private init(_ kind: Kind, _ message: String, param: String? = nil, code: String? = nil) {
        self.kind = kind
        self.message = message
        self.param = param
        self.code = code
    }

    /// 400 `invalid_request_error`.
    public static func invalidRequest(_ message: String, param: String? = nil, code: String? = nil) -> APIError {
        APIError(.invalidRequest, message, param: param, code: code)
    }

    /// 401 `authentication_error`.
    public static func authentication(_ message: String, code: String = "invalid_api_key") -> APIError {
        APIError(.authentication, message, code: code)
    }

    /// 403 `permission_error`.
    public static func permission(_ message: String, param: String? = nil) -> APIError {
        APIError(.permission, message, param: param, code: "insufficient_permissions")
    }

    /// 404 `not_found_error`.
    public static func notFound(_ message: String, param: String? = nil) -> APIError {
        APIError(.notFound, message, param: param, code: "not_found")
    }

    /// 409 `conflict_error`.
    public static func conflict(_ message: String, param: String? = nil) -> APIError {
        APIError(.conflict, message, param: param, code: "conflict")
    }

    /// 413 `request_too_large`.
    public static func tooLarge(limit: Int) -> APIError {
        APIError(.tooLarge, "request body exceeds the limit of \(limit) bytes", code: "request_too_large")
    }

    /// 415 `invalid_request_error` for a body type the route does not take.
    public static func unsupportedMediaType(_ message: String) -> APIError {
        APIError(.unsupportedMediaType, message, param: "Content-Type", code: "unsupported_media_type")
    }

    /// 503 `service_unavailable`: a store or the audit trail cannot be reached. No internals.
    public static let unavailable = APIError(
        .unavailable, "the service cannot reach its storage right now; retry later", code: "service_unavailable")

    /// 500 `internal_error`, for bugs only; never for bad input.
    public static let internalError = APIError(.internalError, "internal error", code: "internal_error")

    /// A gateway error with its own status and `type`.
    public static func gateway(_ status: HTTPResponse.Status, type: String, _ message: String, param: String? = nil, code: String? = nil) -> APIError {
        APIError(.gateway(status: status, type: type), message, param: param, code: code)
    }

    /// The HTTP status of this error.
    public var status: HTTPResponse.Status {
        switch kind {
        case .invalidRequest: .badRequest
        case .authentication: .unauthorized
        case .permission: .forbidden
        case .notFound: .notFound
        case .conflict: .conflict
        case .tooLarge: .contentTooLarge
        case .unsupportedMediaType: .unsupportedMediaType
        case .unavailable: .serviceUnavailable
        case .internalError: .internalServerError
        case .gateway(let status, _): status
        }
    }

    /// The `type` field of the error body.
    public var type: String {
        switch kind {
        case .invalidRequest, .unsupportedMediaType: "invalid_request_error"
        case .authentication: "authentication_error"
        case .permission: "permission_error"
        case .notFound: "not_found_error"
        case .conflict: "conflict_error"
        case .tooLarge: "request_too_large"
        case .unavailable: "service_unavailable"
        case .internalError: "internal_error"
        case .gateway(_, let type): type
        }
    }

    /// `400 invalid_request_error: …`, for logs and test failures.
    public var description: String { "\(status.code) \(type): \(message)" }

    /// The JSON body. `anthropic` adds the top-level `"type":"error"` of Anthropic's error shape
    /// (the `error` object then serves both SDKs).
    func body(anthropic: Bool = false) -> [UInt8] {
        var json = JSONWriter(capacity: 128 + message.utf8.count)
        json.raw(anthropic ? "{\"type\":\"error\",\"error\":{" : "{\"error\":{")
        json.key("type", first: true)
        json.string(type)
        json.key("message")
        json.string(message)
        json.key("param")
        json.string(param)
        json.key("code")
        json.string(code)
        json.raw("}}")
        return json.bytes
    }

    /// The JSON error response (`WWW-Authenticate: Bearer` on 401s).
    public func response(from request: Request, context: some RequestContext) throws -> Response {
        var headers = HTTPFields()
        headers[.contentType] = "application/json"
        if kind == .authentication { headers[.wwwAuthenticate] = "Bearer" }
        return Response(status: status, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: body())))
    }
}
