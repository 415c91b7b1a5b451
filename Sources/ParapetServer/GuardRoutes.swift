import Hummingbird

/// `POST /v1/guard` and `POST /v1/guard/batch`.
struct GuardRoutes: Sendable {
    let service: GuardService
    let body: JSONBody
    let configuration: ServerConfiguration

    func register(on group: RouterGroup<ParapetRequestContext>) {
        group.post { request, context in try await guardOne(request, context: context) }
        group.post("batch") { request, context in try await guardBatch(request, context: context) }
    }

    func guardOne(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        let item = try GuardRequest(try await body.object(from: request))
        try item.validate(configuration, prefix: "")
        let policy = try service.policy(for: item, tenant: key.tenant, prefix: "")
        let (outcome, auditID) = try await service.run(item, policy: policy, key: key, requestID: context.requestID)
        var json = JSONWriter(capacity: 512 + (outcome.redactedText?.utf8.count ?? 0))
        json.byte(UInt8(ascii: "{"))
        outcome.writeResponse(auditID: auditID, to: &json)
        json.byte(UInt8(ascii: "}"))
        return JSONResponse.bytes(json.bytes)
    }

    /// Validates every item before deciding any, so an invalid item audits nothing; then decides
    /// the items concurrently (their audit records share group commits).
    func guardBatch(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let key = try context.requireKey()
        let batch = try GuardBatchRequest(try await body.object(from: request))
        guard !batch.items.isEmpty else {
            throw APIError.invalidRequest("items must not be empty", param: "items", code: "empty_batch")
        }
        guard batch.items.count <= configuration.maxBatchItems else {
            throw APIError.invalidRequest(
                "items has \(batch.items.count) entries; at most \(configuration.maxBatchItems) are allowed",
                param: "items", code: "too_many_items")
        }
        var policies: [CompiledPolicy] = []
        policies.reserveCapacity(batch.items.count)
        for (index, item) in batch.items.enumerated() {
            try item.validate(configuration, prefix: "items[\(index)]")
            policies.append(try service.policy(for: item, tenant: key.tenant, prefix: "items[\(index)]"))
        }
        let requestID = context.requestID
        let results = try await withThrowingTaskGroup(of: (Int, GuardOutcome, String).self) { group in
            for (index, item) in batch.items.enumerated() {
                let policy = policies[index]
                group.addTask {
                    let (outcome, auditID) = try await service.run(item, policy: policy, key: key, requestID: requestID)
                    return (index, outcome, auditID)
                }
            }
            var results = [(GuardOutcome, String)?](repeating: nil, count: batch.items.count)
            for try await (index, outcome, auditID) in group { results[index] = (outcome, auditID) }
            return results
        }
        var json = JSONWriter(capacity: 512 * results.count)
        json.raw("{\"results\":[")
        for (i, result) in results.enumerated() {
            guard let (outcome, auditID) = result else { throw APIError.internalError }
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(UInt8(ascii: "{"))
            outcome.writeResponse(auditID: auditID, to: &json)
            json.byte(UInt8(ascii: "}"))
        }
        json.raw("]}")
        return JSONResponse.bytes(json.bytes)
    }
}
