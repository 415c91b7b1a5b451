import Hummingbird
import ParapetCore
import ParapetGateway

/// The gateway's inbound APIs: `POST /v1/chat/completions`, `GET /v1/models`,
/// `POST /v1/embeddings` (OpenAI) and `POST /v1/messages` (Anthropic), and the breaker view
/// `GET /v1/admin/targets`.
struct GatewayRoutes: Sendable {
    let service: GatewayService
    let body: JSONBody

    func register(client: RouterGroup<ParapetRequestContext>, admin: RouterGroup<ParapetRequestContext>) {
        client.post("chat/completions") { request, context in
            try await service.chat(try await parse(request), api: .openai, headers: request.headers, context: context)
        }
        client.post("messages") { request, context in
            do {
                return try await service.chat(try await parseAnthropic(request), api: .anthropic, headers: request.headers, context: context)
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

    /// The body as a JSON object (400 naming the problem otherwise).
    func parseObject(_ request: Request) async throws -> JSONObject {
        let buffer = try await body.collect(request)
        guard buffer.readableBytes > 0 else {
            throw APIError.invalidRequest("request body is empty; expected a JSON object", code: "empty_body")
        }
        let json: JSON
        do {
            json = try JSON.parse(Array(buffer.readableBytesView))
        } catch {
            throw APIError.invalidRequest("malformed JSON: \(error)", code: "invalid_json")
        }
        guard let object = json.objectValue else {
            throw APIError.invalidRequest("request body must be a JSON object", code: "invalid_type")
        }
        return object
    }

    func parse(_ request: Request) async throws -> ChatRequest {
        let object = try await parseObject(request)
        do {
            return try ChatRequest(parsing: .object(object))
        } catch {
            throw APIError.invalidRequest(error.message, param: error.param, code: "invalid_value")
        }
    }

    /// An Anthropic Messages request, translated to the gateway's OpenAI shape.
    func parseAnthropic(_ request: Request) async throws -> ChatRequest {
        let object = try await parseObject(request)
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
