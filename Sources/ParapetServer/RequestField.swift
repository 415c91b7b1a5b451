import ParapetCore

/// Errors for fields of a JSON request body read from a parsed ``JSON`` value, named by their
/// parameter path the way OpenAI names them (`items[3].messages[0].role`).
enum RequestField {
    /// `name` under `path`: `path.name`, or `name` at the top level.
    static func path(_ path: String, _ name: String) -> String {
        path.isEmpty ? name : path + "." + name
    }

    /// The string `value`, or 400 `invalid_type` naming `name`.
    static func string(_ value: JSON, _ name: String, in path: String) throws -> String {
        guard case .string(let text) = value else { throw wrongType(name, "a string", in: path) }
        return text
    }

    static func wrongType(_ name: String, _ expected: String, in path: String) -> APIError {
        let param = Self.path(path, name)
        return .invalidRequest("\(param) must be \(expected)", param: param, code: "invalid_type")
    }

    static func missing(_ name: String, in path: String) -> APIError {
        let param = Self.path(path, name)
        return .invalidRequest("missing required field \(param)", param: param, code: "missing_field")
    }

    /// An unknown field; a hostile name is cut to 64 characters in the message and `param`.
    static func unknown(_ name: String, in path: String) -> APIError {
        let param = Self.path(path, String(name.unicodeScalars.prefix(64)))
        return .invalidRequest("unknown field \(param)", param: param, code: "unknown_field")
    }
}
