import ParapetCore
import Hummingbird
import Logging
import ParapetAudit
import ParapetStore

/// The outermost middleware: assigns the request id (echoed in `x-request-id` on every response)
/// and turns every error into the API's JSON error shape. Bad input never becomes a 500: errors
/// of unknown kind are logged once here (at error level) and answered with a generic 500; store
/// and audit failures become 503 without internals.
struct EdgeMiddleware: RouterMiddleware {
    typealias Context = ParapetRequestContext

    let maxBodyBytes: Int
    let logger: Logger
    let requestIDs = RequestIDGenerator()

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        var context = context
        let requestID = Self.sanitizedRequestID(request.headers.combinedValue(.requestID)) ?? requestIDs.next()
        context.requestID = requestID
        var response: Response
        do {
            response = try await next(request, context)
        } catch {
            response = render(error, request: request, context: context)
        }
        response.headers[.requestID] = requestID
        return response
    }

    private func render(_ error: any Error, request: Request, context: Context) -> Response {
        let apiError: APIError
        switch error {
        case let e as APIError:
            apiError = e
        case let e as HTTPError:
            apiError = Self.translate(e.status, maxBodyBytes: maxBodyBytes)
        case let e as StoreError where e.kind == .conflict:
            apiError = .conflict("the record exists already")
        case is StoreError, is AuditWriterError:
            logger.error("storage failure", metadata: ["request_id": .string(context.requestID), "error": .string("\(error)")])
            apiError = .unavailable
        case let e as any HTTPResponseError:
            // Includes NIO's too-many-bytes error from collecting a body over the limit (413).
            apiError = Self.translate(e.status, maxBodyBytes: maxBodyBytes)
        default:
            logger.error("unexpected error", metadata: ["request_id": .string(context.requestID), "error": .string("\(error)")])
            apiError = .internalError
        }
        do {
            return try apiError.response(from: request, context: context)
        } catch {
            return Response(status: apiError.status)
        }
    }

    /// Errors Hummingbird raises itself (no route, body too large, …) in the API's shape.
    static func translate(_ status: HTTPResponse.Status, maxBodyBytes: Int) -> APIError {
        switch status {
        case .notFound: .notFound("no route for this method and path")
        case .contentTooLarge: .tooLarge(limit: maxBodyBytes)
        case .unauthorized: .authentication("authentication required")
        case .forbidden: .permission("not allowed")
        case .badRequest: .invalidRequest("bad request")
        case .serviceUnavailable: .unavailable
        default:
            status.code >= 400 && status.code < 500 ? .invalidRequest(status.reasonPhrase) : .internalError
        }
    }

    /// The caller's request id when it is 1…128 characters of `A-Z a-z 0-9 - _ . :`, else nil.
    static func sanitizedRequestID(_ header: String?) -> String? {
        guard let header, !header.isEmpty, header.utf8.count <= 128, header.utf8.allSatisfy(isIDByte) else { return nil }
        return header
    }

    private static func isIDByte(_ b: UInt8) -> Bool {
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A)
            || b == UInt8(ascii: "-") || b == UInt8(ascii: "_") || b == UInt8(ascii: ".") || b == UInt8(ascii: ":")
    }
}
