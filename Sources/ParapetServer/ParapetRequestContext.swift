import Hummingbird
import ParapetStore

/// Per-request data: the request id and, on authenticated routes, the key that made the request.
public struct ParapetRequestContext: RequestContext {
    /// Hummingbird's storage (logger, route parameters).
    public var coreContext: CoreRequestContextStorage
    /// The caller's key; set by the authentication middleware, nil on open routes.
    public internal(set) var key: APIKey?
    /// The request id: the caller's `x-request-id` when it is sane, otherwise generated.
    public internal(set) var requestID: String

    /// Builds the context Hummingbird hands to the middleware chain.
    public init(source: ApplicationRequestContextSource) {
        self.coreContext = .init(source: source)
        self.key = nil
        self.requestID = ""
    }

    /// The authenticated key; throws 401 on a route that was not behind authentication.
    func requireKey() throws -> APIKey {
        guard let key else { throw APIError.authentication("missing API key", code: "missing_api_key") }
        return key
    }
}
