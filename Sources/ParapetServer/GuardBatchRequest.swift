import ParapetCore

/// The body of `POST /v1/guard/batch`: `{"items": [guard request, …]}`.
struct GuardBatchRequest: Sendable {
    var items: [GuardRequest]

    init(_ object: JSONObject) throws {
        var items: [GuardRequest]?
        for (name, value) in object {
            guard name == "items" else { throw RequestField.unknown(name, in: "") }
            if value.isNull { continue }
            guard case .array(let elements) = value else { throw RequestField.wrongType(name, "an array", in: "") }
            var parsed: [GuardRequest] = []
            parsed.reserveCapacity(elements.count)
            for (index, element) in elements.enumerated() {
                let path = "items[\(index)]"
                guard case .object(let item) = element else { throw RequestField.wrongType(path, "an object", in: "") }
                parsed.append(try GuardRequest(item, path: path))
            }
            items = parsed
        }
        guard let items else { throw RequestField.missing("items", in: "") }
        self.items = items
    }
}
