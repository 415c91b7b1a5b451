/// A draft plus the 2020-12 vocabularies its metaschema enables (`$vocabulary`). Core is always
/// on; meta-data, content and format-annotation only annotate, so they need no flag.
struct SchemaDialect: Sendable, Equatable {
    var draft: JSONSchemaDraft
    var applicator = true
    var unevaluated = true
    var validation = true

    static let draft7 = SchemaDialect(draft: .draft7)
    static let draft2020 = SchemaDialect(draft: .draft2020_12)

    init(draft: JSONSchemaDraft) {
        self.draft = draft
        if draft == .draft7 { unevaluated = false }
    }

    static let vocabularyPrefix = "https://json-schema.org/draft/2020-12/vocab/"

    /// Metaschema URIs of drafts this validator does not implement.
    static let unsupportedMetaschemas: Set<String> = [
        "http://json-schema.org/schema", "http://json-schema.org/draft-03/schema", "http://json-schema.org/draft-04/schema",
        "http://json-schema.org/draft-06/schema", "https://json-schema.org/draft/2019-09/schema",
    ]
}
