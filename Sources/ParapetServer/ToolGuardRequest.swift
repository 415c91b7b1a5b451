import ParapetCore

/// The body of `POST /v1/guard/tool`, read strictly from the parsed JSON (so numbers in the
/// arguments keep their exact text): unknown fields, wrong types, missing fields and arguments
/// that are not a JSON object are 400s naming the parameter.
///
/// ```json
/// {"tool": "refund_order", "arguments": {"order_id": 12345, "amount": 50.00}, "role": "agent", "user": "u-1", "record": true}
/// ```
///
/// `arguments` may also be a string holding the JSON object, as models write them.
struct ToolGuardRequest: Sendable {
    var tool: String
    /// A JSON object.
    var arguments: JSON
    /// The end user's application role.
    var role: String
    var user: String?
    /// Whether an allowed call counts against the tool's counters (default true).
    var record: Bool

    /// The fields the body may have.
    static let fields: Set<String> = ["tool", "arguments", "role", "user", "record"]
    static let maxToolBytes = 256
    static let maxRoleBytes = 128
    static let maxUserBytes = 200

    /// Checks a whole body, parsed by ``JSONBody/object(from:)``.
    init(_ object: JSONObject) throws {
        var tool: String?
        var arguments: JSON?
        var role: String?
        var user: String?
        var record = true
        for (name, value) in object {
            guard Self.fields.contains(name) else { throw RequestField.unknown(name, in: "") }
            // An explicit null means "not given".
            if value.isNull { continue }
            switch name {
            case "tool": tool = try Self.string(value, name, maxBytes: Self.maxToolBytes)
            case "role": role = try Self.string(value, name, maxBytes: Self.maxRoleBytes)
            case "user": user = try Self.string(value, name, maxBytes: Self.maxUserBytes)
            case "record":
                guard case .bool(let flag) = value else { throw RequestField.wrongType(name, "a boolean", in: "") }
                record = flag
            case "arguments": arguments = try Self.arguments(value)
            default: throw RequestField.unknown(name, in: "")
            }
        }
        guard let tool else { throw RequestField.missing("tool", in: "") }
        guard let arguments else { throw RequestField.missing("arguments", in: "") }
        guard let role else { throw RequestField.missing("role", in: "") }
        self.tool = tool
        self.arguments = arguments
        self.role = role
        self.user = user
        self.record = record
    }

    /// An object, or a string holding one.
    private static func arguments(_ value: JSON) throws -> JSON {
        switch value {
        case .object:
            return value
        case .string(let text):
            let parsed: JSON
            do {
                parsed = try JSON.parse(Array(text.utf8))
            } catch {
                throw APIError.invalidRequest("arguments is a string but not valid JSON (\(error))", param: "arguments", code: "invalid_json")
            }
            guard case .object = parsed else {
                throw APIError.invalidRequest("arguments must hold a JSON object, got \(kind(parsed))", param: "arguments", code: "invalid_type")
            }
            return parsed
        default:
            throw APIError.invalidRequest(
                "arguments must be a JSON object (or a string holding one), got \(kind(value))", param: "arguments", code: "invalid_type")
        }
    }

    private static func string(_ value: JSON, _ name: String, maxBytes: Int) throws -> String {
        let text = try RequestField.string(value, name, in: "")
        guard !text.isEmpty, text.utf8.count <= maxBytes else {
            throw APIError.invalidRequest("\(name) must be 1…\(maxBytes) bytes", param: name, code: "invalid_value")
        }
        return text
    }

    private static func kind(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
