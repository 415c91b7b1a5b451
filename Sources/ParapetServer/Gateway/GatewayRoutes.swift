import Hummingbird
import ParapetCore
import ParapetGateway

/// The gateway's inbound APIs: `POST /v1/chat/completions`, `GET /v1/models`,
/// `POST /v1/embeddings` (OpenAI) and `POST /v1/messages` (Anthropic), and the breaker view
/// `GET /v1/admin/targets`.
struct GatewayRoutes: Sendable {
    let service: GatewayService
    let body: JSONBody
    let idempotency: IdempotencyCoordinator

    func register(client: RouterGroup<ParapetRequestContext>, admin: RouterGroup<ParapetRequestContext>) {
        client.post("chat/completions") { request, context in
            let bytes = try await collect(request)
            let chat = try parse(bytes)
            return try await idempotent(request, bytes: bytes, stream: chat.stream, path: "/v1/chat/completions", context: context) {
                try await service.chat(chat, api: .openai, headers: request.headers, context: context)
            }
        }
        client.post("messages") { request, context in
            do {
                let bytes = try await collect(request)
                let chat = try parseAnthropic(bytes)
                return try await idempotent(request, bytes: bytes, stream: chat.stream, path: "/v1/messages", context: context) {
                    do {
                        return try await service.chat(chat, api: .anthropic, headers: request.headers, context: context)
                    } catch let error as APIError {
                        return GatewayResponses.error(error, api: .anthropic)
                    }
                }
            } catch let error as APIError {
                return GatewayResponses.error(error, api: .anthropic)
            }
        }
        client.get("models") { _, _ in service.models() }
        client.post("embeddings") { request, context in
            try await service.embeddings(try await parseObject(request), headers: request.headers, context: context)
        }
        admin.get("targets") { _, _ in try service.targets() }
    }

    /// Runs `call` under the request's `Idempotency-Key`, if it has one.
    func idempotent(
        _ request: Request, bytes: [UInt8], stream: Bool, path: String, context: ParapetRequestContext, _ call: () async throws -> Response
    ) async throws -> Response {
        guard let key = try IdempotencyCoordinator.key(request.headers) else { return try await call() }
        guard !stream else {
            throw APIError.invalidRequest(
                "Idempotency-Key is not supported on streaming requests (a stream is not stored for replay)", param: "Idempotency-Key",
                code: "idempotency_unsupported")
        }
        let tenant = try context.requireKey().tenant
        return try await idempotency.run(tenant: tenant, key: key, requestHash: IdempotencyCoordinator.requestHash(path: path, body: bytes), call)
    }

    func collect(_ request: Request) async throws -> [UInt8] {
        Array(try await body.collect(request).readableBytesView)
    }

    /// The body as a JSON object (400 naming the problem otherwise).
    func parseObject(_ request: Request) async throws -> JSONObject {
        try parseObject(try await collect(request))
    }

    func parseObject(_ bytes: [UInt8]) throws -> JSONObject {
        guard !bytes.isEmpty else {
            throw APIError.invalidRequest("request body is empty; expected a JSON object", code: "empty_body")
        }
        let json: JSON
        do {
            json = try JSON.parse(bytes)
        } catch {
            throw APIError.invalidRequest("malformed JSON: \(error)", code: "invalid_json")
        }
        guard let object = json.objectValue else {
            throw APIError.invalidRequest("request body must be a JSON object", code: "invalid_type")
        }
        return object
    }

    func parse(_ bytes: [UInt8]) throws -> ChatRequest {
        let object = try parseObject(bytes)
        do {
            return try ChatRequest(parsing: .object(object))
        } catch {
            throw APIError.invalidRequest(error.message, param: error.param, code: "invalid_value")
        }
    }

    /// An Anthropic Messages request, translated to the gateway's OpenAI shape.
    func parseAnthropic(_ bytes: [UInt8]) throws -> ChatRequest {
        let object = try parseObject(bytes)
        do {
            let messages = try AnthropicRequest(parsing: .object(object))
            return try AnthropicTranslation.chatRequest(from: messages)
        } catch {
            throw APIError.invalidRequest(error.message, param: error.param, code: "invalid_value")
        }
    }
}

/// Which inbound API a call came through: decides the response and error shapes.
enum InboundAPI: String, Sendable {
    case openai
    case anthropic
}
