import ParapetCore

/// The built-in metaschemas, served by URI before any resolver is asked.
enum SchemaMetaschemas {
    static let draft07URI = "http://json-schema.org/draft-07/schema"
    static let draft2020URI = "https://json-schema.org/draft/2020-12/schema"

    /// The metaschema text at `uri` (without fragment), or nil.
    static func text(for uri: String) -> String? {
        switch uri {
        case draft07URI: return draft07Schema
        case draft2020URI: return draft2020Schema
        case "https://json-schema.org/draft/2020-12/meta/core": return draft2020Core
        case "https://json-schema.org/draft/2020-12/meta/applicator": return draft2020Applicator
        case "https://json-schema.org/draft/2020-12/meta/unevaluated": return draft2020Unevaluated
        case "https://json-schema.org/draft/2020-12/meta/validation": return draft2020Validation
        case "https://json-schema.org/draft/2020-12/meta/meta-data": return draft2020MetaData
        case "https://json-schema.org/draft/2020-12/meta/format-annotation": return draft2020FormatAnnotation
        case "https://json-schema.org/draft/2020-12/meta/content": return draft2020Content
        default: return nil
        }
    }

    /// The parsed metaschema at `uri`, or nil when it is not built in.
    static func document(for uri: String) -> JSON? {
        guard let text = text(for: uri) else { return nil }
        return try? JSON.parse(Array(text.utf8))
    }
}
