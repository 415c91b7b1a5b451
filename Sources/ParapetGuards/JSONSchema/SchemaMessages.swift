import ParapetCore

/// Short renderings of values for violation messages (which stay under about 200 characters).
enum SchemaMessages {
    /// Compact JSON, cut to `limit` characters.
    static func preview(_ value: JSON, limit: Int = 60) -> String {
        clip(String(decoding: value.serialized, as: UTF8.self), limit: limit)
    }

    /// A quoted name, cut to `limit` characters.
    static func quoted(_ text: String, limit: Int = 60) -> String {
        "\"" + clip(text, limit: limit) + "\""
    }

    static func clip(_ text: String, limit: Int) -> String {
        guard text.unicodeScalars.count > limit else { return text }
        var clipped = String.UnicodeScalarView()
        clipped.append(contentsOf: text.unicodeScalars.prefix(limit - 1))
        return String(clipped) + "…"
    }

    /// The JSON type name of an instance (`integer` for integral numbers).
    static func typeName(_ value: JSON) -> String {
        switch value {
        case .null: return "null"
        case .bool: return "boolean"
        case .object: return "object"
        case .array: return "array"
        case .string: return "string"
        case .number(let text): return SchemaNumber(text)?.isInteger == true ? "integer" : "number"
        }
    }
}
