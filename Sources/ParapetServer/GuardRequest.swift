import ParapetCore

/// The body of `POST /v1/guard` (and one item of a batch), read strictly from the parsed JSON:
/// unknown fields, wrong types, missing or conflicting fields are 400s naming the parameter.
///
/// Parsed with the byte-level ``JSON`` parser rather than Foundation's `JSONDecoder`: this body
/// is on the guard service's hot path and the parser reads it about three times faster.
struct GuardRequest: Sendable {
    /// What to guard: one text, or chat messages each guarded with the request's direction.
    enum Input: Sendable {
        case text(String)
        case messages([GuardMessage])
    }

    var direction: Direction
    var input: Input
    /// Name of the tenant policy to apply.
    var policy: String
    var route: String?
    /// Caller tags, sorted by key.
    var metadata: [(key: String, value: String)]

    /// The fields a guard request may have.
    static let fields: Set<String> = ["direction", "text", "messages", "policy", "route", "metadata"]

    /// Reads one request from `object`; `path` is its parameter path in a batch (`items[3]`),
    /// empty for a single request.
    init(_ object: JSONObject, path: String = "") throws {
        var direction: Direction?
        var text: String?
        var messages: [GuardMessage]?
        var policy: String?
        var route: String?
        var metadata: [(key: String, value: String)] = []
        for (name, value) in object {
            guard Self.fields.contains(name) else { throw RequestField.unknown(name, in: path) }
            // An explicit null means "not given".
            if value.isNull { continue }
            switch name {
            case "direction":
                let raw = try RequestField.string(value, name, in: path)
                guard let parsed = Direction(rawValue: raw) else {
                    let param = RequestField.path(path, name)
                    throw APIError.invalidRequest("\(param) must be one of input, output, tool, retrieval", param: param, code: "invalid_value")
                }
                direction = parsed
            case "text": text = try RequestField.string(value, name, in: path)
            case "messages":
                guard case .array(let elements) = value else { throw RequestField.wrongType(name, "an array", in: path) }
                let messagesPath = RequestField.path(path, name)
                var parsed: [GuardMessage] = []
                parsed.reserveCapacity(elements.count)
                for (index, element) in elements.enumerated() {
                    parsed.append(try GuardMessage(element, path: messagesPath + "[\(index)]"))
                }
                messages = parsed
            case "policy": policy = try RequestField.string(value, name, in: path)
            case "route": route = try RequestField.string(value, name, in: path)
            case "metadata":
                guard case .object(let tags) = value else { throw RequestField.wrongType(name, "an object", in: path) }
                let metadataPath = RequestField.path(path, name)
                for (tag, tagValue) in tags {
                    metadata.append((tag, try RequestField.string(tagValue, tag, in: metadataPath)))
                }
            default:
                throw RequestField.unknown(name, in: path)
            }
        }
        guard let direction else { throw RequestField.missing("direction", in: path) }
        self.direction = direction
        switch (text, messages) {
        case (let text?, nil):
            guard !text.isEmpty else {
                let param = RequestField.path(path, "text")
                throw APIError.invalidRequest("\(param) must not be empty", param: param, code: "empty_text")
            }
            input = .text(text)
        case (nil, let messages?):
            guard !messages.isEmpty else {
                let param = RequestField.path(path, "messages")
                throw APIError.invalidRequest("\(param) must not be empty", param: param, code: "empty_messages")
            }
            input = .messages(messages)
        case (nil, nil):
            let param = RequestField.path(path, "text")
            throw APIError.invalidRequest("one of text or messages is required", param: param, code: "missing_field")
        case (_?, _?):
            let param = RequestField.path(path, "messages")
            throw APIError.invalidRequest("send either text or messages, not both", param: param, code: "conflicting_fields")
        }
        self.policy = policy ?? "default"
        self.route = route
        self.metadata = metadata.sorted { $0.key < $1.key }
    }

    /// Checks the limits of `limits`; `prefix` is the item's parameter path in a batch
    /// (`items[3]`), empty for a single request.
    func validate(_ limits: ServerConfiguration, prefix: String) throws {
        func param(_ name: String) -> String { prefix.isEmpty ? name : prefix + "." + name }
        if case .messages(let messages) = input, messages.count > limits.maxMessages {
            throw APIError.invalidRequest(
                "\(param("messages")) has \(messages.count) messages; at most \(limits.maxMessages) are allowed",
                param: param("messages"), code: "too_many_messages")
        }
        if let route, route.utf8.count > 128 {
            throw APIError.invalidRequest("\(param("route")) must be at most 128 bytes", param: param("route"), code: "invalid_value")
        }
        if policy.isEmpty || policy.utf8.count > PolicyName.maxBytes {
            throw APIError.invalidRequest("\(param("policy")) must be 1…\(PolicyName.maxBytes) bytes", param: param("policy"), code: "invalid_value")
        }
        if let json = metadataJSON, json.utf8.count > limits.maxMetadataBytes {
            throw APIError.invalidRequest(
                "\(param("metadata")) is \(json.utf8.count) bytes as JSON; at most \(limits.maxMetadataBytes) are allowed",
                param: param("metadata"), code: "metadata_too_large")
        }
    }

    /// `metadata` as a JSON object with sorted keys; nil when there is none.
    var metadataJSON: String? {
        guard !metadata.isEmpty else { return nil }
        var json = JSONWriter(capacity: 64)
        json.byte(UInt8(ascii: "{"))
        for (i, pair) in metadata.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.string(pair.key)
            json.byte(UInt8(ascii: ":"))
            json.string(pair.value)
        }
        json.byte(UInt8(ascii: "}"))
        return json.string
    }

    /// For `Decodable` bodies elsewhere: the unknown field `key`, named by its path.
    static func unknownField(_ key: AnyCodingKey, in decoder: any Decoder) -> APIError {
        let param = ParamPath.render(decoder.codingPath, key.stringValue)
        return .invalidRequest("unknown field \(param)", param: param, code: "unknown_field")
    }

    /// For `Decodable` bodies elsewhere: the missing field `name`, named by its path.
    static func missingField(_ name: String, in decoder: any Decoder) -> APIError {
        let param = ParamPath.render(decoder.codingPath, name)
        return .invalidRequest("missing required field \(param)", param: param, code: "missing_field")
    }
}
