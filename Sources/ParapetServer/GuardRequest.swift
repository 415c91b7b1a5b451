import ParapetCore

/// The body of `POST /v1/guard` (and one item of a batch), decoded strictly: unknown fields,
/// wrong types, missing or conflicting fields are 400s naming the parameter.
struct GuardRequest: Decodable, Sendable {
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

    init(from decoder: any Decoder) throws {
        let container = try decoder.container(keyedBy: AnyCodingKey.self)
        var direction: Direction?
        var text: String?
        var messages: [GuardMessage]?
        var policy: String?
        var route: String?
        var metadata: [(key: String, value: String)] = []
        for key in container.allKeys {
            guard Self.fields.contains(key.stringValue) else { throw Self.unknownField(key, in: decoder) }
            // An explicit null means "not given".
            if try container.decodeNil(forKey: key) { continue }
            switch key.stringValue {
            case "direction":
                let raw = try container.decode(String.self, forKey: key)
                guard let value = Direction(rawValue: raw) else {
                    let param = ParamPath.render(decoder.codingPath, "direction")
                    throw APIError.invalidRequest(
                        "\(param) must be one of input, output, tool, retrieval", param: param, code: "invalid_value")
                }
                direction = value
            case "text": text = try container.decode(String.self, forKey: key)
            case "messages": messages = try container.decode([GuardMessage].self, forKey: key)
            case "policy": policy = try container.decode(String.self, forKey: key)
            case "route": route = try container.decode(String.self, forKey: key)
            case "metadata":
                let object = try container.nestedContainer(keyedBy: AnyCodingKey.self, forKey: key)
                for name in object.allKeys {
                    metadata.append((name.stringValue, try object.decode(String.self, forKey: name)))
                }
            default:
                throw Self.unknownField(key, in: decoder)
            }
        }
        guard let direction else { throw Self.missingField("direction", in: decoder) }
        self.direction = direction
        switch (text, messages) {
        case (let text?, nil):
            guard !text.isEmpty else {
                let param = ParamPath.render(decoder.codingPath, "text")
                throw APIError.invalidRequest("\(param) must not be empty", param: param, code: "empty_text")
            }
            input = .text(text)
        case (nil, let messages?):
            guard !messages.isEmpty else {
                let param = ParamPath.render(decoder.codingPath, "messages")
                throw APIError.invalidRequest("\(param) must not be empty", param: param, code: "empty_messages")
            }
            input = .messages(messages)
        case (nil, nil):
            let param = ParamPath.render(decoder.codingPath, "text")
            throw APIError.invalidRequest("one of text or messages is required", param: param, code: "missing_field")
        case (_?, _?):
            let param = ParamPath.render(decoder.codingPath, "messages")
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

    static func unknownField(_ key: AnyCodingKey, in decoder: any Decoder) -> APIError {
        let param = ParamPath.render(decoder.codingPath, key.stringValue)
        return .invalidRequest("unknown field \(param)", param: param, code: "unknown_field")
    }

    static func missingField(_ name: String, in decoder: any Decoder) -> APIError {
        let param = ParamPath.render(decoder.codingPath, name)
        return .invalidRequest("missing required field \(param)", param: param, code: "missing_field")
    }
}
