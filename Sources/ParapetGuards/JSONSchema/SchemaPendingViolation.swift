/// One step into an instance.
enum SchemaPathToken: Sendable {
    case key(String)
    case index(Int)

    var pointerSegment: String {
        switch self {
        case .key(let key): return "/" + SchemaText.escapeToken(key)
        case .index(let index): return "/" + String(index)
        }
    }
}

/// A violation on its way up the evaluation: segments are collected innermost first and
/// reversed once at the end.
struct SchemaPendingViolation: Sendable {
    private var schemaSegments: [String]
    private var instanceTokens: [SchemaPathToken]
    var message: String

    init(keyword: String, token: SchemaPathToken?, message: String) {
        schemaSegments = keyword.isEmpty ? [] : ["/" + keyword]
        instanceTokens = token.map { [$0] } ?? []
        self.message = message
    }

    mutating func prepend(_ segment: String, _ token: SchemaPathToken?) {
        schemaSegments.append(segment)
        if let token { instanceTokens.append(token) }
    }

    var violation: JSONSchemaViolation {
        JSONSchemaViolation(
            instancePath: instanceTokens.reversed().map(\.pointerSegment).joined(),
            keywordLocation: schemaSegments.reversed().joined(), message: message)
    }
}
