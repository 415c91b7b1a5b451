import ParapetCore

/// The body of `POST /v1/admin/keys`: `{"role": "client", "name": "…", "tenant": "…"?}`.
struct CreateKeyRequest: Decodable, Sendable {
    var role: Role
    var name: String
    var tenant: String?

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var role: Role?
        var name: String?
        var tenant: String?
        for key in container.allKeys {
            switch key.stringValue {
            case "role":
                let raw = try container.decode(String.self, forKey: key)
                guard let value = Role(rawValue: raw) else {
                    throw APIError.invalidRequest("role must be one of client, reviewer, admin", param: "role", code: "invalid_value")
                }
                role = value
            case "name": name = try container.decode(String.self, forKey: key)
            case "tenant": tenant = try container.decodeIfPresent(String.self, forKey: key)
            default: throw GuardRequest.unknownField(key, in: decoder)
            }
        }
        guard let role else { throw GuardRequest.missingField("role", in: decoder) }
        guard let name else { throw GuardRequest.missingField("name", in: decoder) }
        guard !name.isEmpty, name.utf8.count <= 128 else {
            throw APIError.invalidRequest("name must be 1…128 bytes", param: "name", code: "invalid_value")
        }
        self.role = role
        self.name = name
        self.tenant = tenant
    }
}
