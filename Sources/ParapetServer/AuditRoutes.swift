import Foundation
import Hummingbird
import ParapetCore
import ParapetStore

/// `GET /v1/audit` (the caller's tenant only) and `GET /v1/audit/verify`.
struct AuditRoutes: Sendable {
    let log: any AuditLog
    let verify: AuditVerifying

    private struct Page: Encodable {
        var data: [AuditRecordResponse]
        var nextCursor: String?

        enum CodingKeys: String, CodingKey {
            case data
            case nextCursor = "next_cursor"
        }

        func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(data, forKey: .data)
            try c.encode(nextCursor, forKey: .nextCursor)
        }
    }

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.get { request, context in try await list(request, context: context) }
        group.get("verify") { _, context in
            _ = try context.requireKey()
            return try JSONResponse.encode(try await verify())
        }
    }

    func list(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        var query = try Self.query(from: request.uri.queryParameters, tenant: key.tenant)
        let limit = query.limit
        query.limit = limit + 1
        var records = try await log.records(query)
        var next: String?
        if records.count > limit {
            records.removeLast(records.count - limit)
            next = records.last.map { String($0.sequence) }
        }
        return try JSONResponse.encode(Page(data: records.map(AuditRecordResponse.init), nextCursor: next))
    }

    /// Parses and validates the query parameters; 400 naming the parameter.
    static func query(from parameters: Parameters, tenant: String) throws -> AuditQuery {
        var query = AuditQuery(tenant: tenant)
        var seen: Set<String> = []
        for (name, value) in parameters {
            let name = String(name)
            let value = String(value)
            guard seen.insert(name).inserted else {
                throw APIError.invalidRequest("\(name) is given more than once", param: name, code: "duplicate_parameter")
            }
            switch name {
            case "since", "until":
                guard let date = RFC3339.parse(value) else {
                    throw APIError.invalidRequest("\(name) must be an RFC 3339 date-time such as 2025-01-31T12:00:00Z", param: name, code: "invalid_value")
                }
                if name == "since" { query.since = date } else { query.until = date }
            case "action":
                guard let action = Action(rawValue: value) else {
                    throw APIError.invalidRequest("action must be one of allow, annotate, redact, review, block", param: name, code: "invalid_value")
                }
                query.action = action
            case "category":
                guard !value.isEmpty, value.utf8.count <= 128 else {
                    throw APIError.invalidRequest("category must be 1…128 bytes", param: name, code: "invalid_value")
                }
                query.category = value
            case "after":
                guard let cursor = Int64(value), cursor >= 0 else {
                    throw APIError.invalidRequest("after must be a cursor from next_cursor", param: name, code: "invalid_value")
                }
                query.after = cursor
            case "limit":
                guard let limit = Int(value), (1...1000).contains(limit) else {
                    throw APIError.invalidRequest("limit must be an integer from 1 to 1000", param: name, code: "invalid_value")
                }
                query.limit = limit
            default:
                throw APIError.invalidRequest("unknown query parameter \(name)", param: name, code: "unknown_parameter")
            }
        }
        if let since = query.since, let until = query.until, until < since {
            throw APIError.invalidRequest("until must not be before since", param: "until", code: "invalid_value")
        }
        return query
    }
}
