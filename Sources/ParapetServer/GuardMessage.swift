/// One chat message to guard: `{"role": "user", "content": "…"}`, content a string.
struct GuardMessage: Decodable, Sendable {
    /// Roles a message may have.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    var role: String
    var content: String

    init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var role: String?
        var content: String?
        for key in container.allKeys {
            switch key.stringValue {
            case "role": role = try container.decode(String.self, forKey: key)
            case "content": content = try container.decode(String.self, forKey: key)
            default: throw GuardRequest.unknownField(key, in: decoder)
            }
        }
        guard let role else { throw GuardRequest.missingField("role", in: decoder) }
        guard let content else { throw GuardRequest.missingField("content", in: decoder) }
        guard Self.roles.contains(role) else {
            let param = ParamPath.render(decoder.codingPath, "role")
            throw APIError.invalidRequest(
                "\(param) must be one of \(Self.roles.sorted().joined(separator: ", "))", param: param, code: "invalid_value")
        }
        self.role = role
        self.content = content
    }
}
