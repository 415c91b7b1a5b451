/// The body of `POST /v1/guard/batch`: `{"items": [guard request, …]}`.
struct GuardBatchRequest: Decodable, Sendable {
    var items: [GuardRequest]

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var items: [GuardRequest]?
        for key in container.allKeys {
            switch key.stringValue {
            case "items": items = try container.decode([GuardRequest].self, forKey: key)
            default: throw GuardRequest.unknownField(key, in: decoder)
            }
        }
        guard let items else { throw GuardRequest.missingField("items", in: decoder) }
        self.items = items
    }
}
