import ParapetCore

/// One chat message to guard: `{"role": "user", "content": "…"}`, content a string.
struct GuardMessage: Sendable {
    /// Roles a message may have.
    static let roles: Set<String> = ["system", "developer", "user", "assistant", "tool"]

    var role: String
    var content: String

    init(role: String, content: String) {
        self.role = role
        self.content = content
    }

    /// Reads a message from `value`; `path` is its parameter path (`messages[2]`).
    init(_ value: JSON, path: String) throws {
        guard case .object(let object) = value else { throw RequestField.wrongType(path, "an object", in: "") }
        var role: String?
        var content: String?
        for (name, field) in object {
            switch name {
            case "role": role = try RequestField.string(field, name, in: path)
            case "content": content = try RequestField.string(field, name, in: path)
            default: throw RequestField.unknown(name, in: path)
            }
        }
        guard let role else { throw RequestField.missing("role", in: path) }
        guard let content else { throw RequestField.missing("content", in: path) }
        guard Self.roles.contains(role) else {
            let param = RequestField.path(path, "role")
            throw APIError.invalidRequest(
                "\(param) must be one of \(Self.roles.sorted().joined(separator: ", "))", param: param, code: "invalid_value")
        }
        self.role = role
        self.content = content
    }
}
