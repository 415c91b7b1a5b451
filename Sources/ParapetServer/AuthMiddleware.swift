import Hummingbird
import ParapetCore

/// Authenticates the bearer key and requires at least `minimumRole` (`client` < `reviewer` <
/// `admin`): 401 for a missing, malformed, unknown or revoked key, 403 for a weaker role.
struct AuthMiddleware: RouterMiddleware {
    typealias Context = ParapetRequestContext

    let authenticator: KeyAuthenticator
    let minimumRole: Role

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let key = try await authenticator.authenticate(authorization: request.headers.combinedValue(.authorization))
        guard key.role >= minimumRole else {
            throw APIError.permission("this route needs the \(minimumRole.rawValue) role; the key has \(key.role.rawValue)")
        }
        var context = context
        context.key = key
        return try await next(request, context)
    }
}
