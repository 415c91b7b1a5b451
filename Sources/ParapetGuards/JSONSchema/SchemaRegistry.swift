import ParapetCore

/// Every document the schema needs (the schema itself, built-in metaschemas, documents from the
/// resolver) and what identifies places in them: schema resources (`$id` and retrieval URIs),
/// anchors (`$anchor`, `$dynamicAnchor`, draft-07 `"$id": "#name"`) and, for every subschema,
/// its base URI, resource and dialect.
struct SchemaRegistry {
    struct Document {
        var json: JSON
        var uri: String
    }

    struct Resource {
        var uri: String
        var location: SchemaLocation
        var dynamicAnchors: [(name: String, location: SchemaLocation)] = []
    }

    struct Lexical {
        var base: String
        var resource: Int
        var dialect: SchemaDialect
    }

    static let maxDepth = 256

    private(set) var documents: [Document] = []
    private(set) var resources: [Resource] = []
    private var resourceIndex: [String: Int] = [:]
    private var anchors: [String: SchemaLocation] = [:]
    private var lexicals: [SchemaLocation: Lexical] = [:]
    private var dialects: [String: SchemaDialect] = [:]
    private var metaschemasLoading: Set<String> = []
    private let resolver: (any JSONSchemaResolver)?

    init(resolver: (any JSONSchemaResolver)?) {
        self.resolver = resolver
    }

    // MARK: - Queries

    /// The resource identified by `uri` (absolute, no fragment), loading a built-in metaschema or
    /// asking the resolver when it is not known yet; nil when nobody has it.
    mutating func resource(for uri: String, dialect: SchemaDialect) throws(JSONSchemaError) -> Int? {
        if let index = resourceIndex[uri] { return index }
        // Only absolute URIs go to the resolver (a relative one means the schema has no base).
        guard let json = SchemaMetaschemas.document(for: uri) ?? (SchemaURI(uri).scheme != nil ? resolver?.document(for: uri) : nil)
        else { return nil }
        return try addDocument(json, uri: uri, dialect: dialect)
    }

    /// The location of anchor `name` in the resource at `uri`.
    func anchor(_ name: String, in uri: String) -> SchemaLocation? {
        anchors[uri + "#" + name]
    }

    /// The JSON at `location`, or nil when the pointer leads nowhere.
    func value(at location: SchemaLocation) -> JSON? {
        guard location.document < documents.count, let tokens = SchemaText.pointerTokens(location.pointer) else { return nil }
        var value = documents[location.document].json
        for token in tokens {
            switch value {
            case .object(let object):
                guard let member = object[token] else { return nil }
                value = member
            case .array(let elements):
                guard let index = Int(token), index >= 0, index < elements.count, String(index) == token else { return nil }
                value = elements[index]
            default:
                return nil
            }
        }
        return value
    }

    /// The base URI, resource and dialect at `location`; a place the walk did not visit (inside
    /// an unknown keyword) inherits them from its nearest visited ancestor.
    func lexical(at location: SchemaLocation) -> Lexical {
        if let lexical = lexicals[location] { return lexical }
        var pointer = Substring(location.pointer)
        while let slash = pointer.lastIndex(of: "/") {
            pointer = pointer[..<slash]
            if let lexical = lexicals[SchemaLocation(document: location.document, pointer: String(pointer))] { return lexical }
        }
        return lexicals[SchemaLocation(document: location.document, pointer: "")]
            ?? Lexical(base: "", resource: 0, dialect: .draft2020)
    }

    /// `pointer` for the main schema, `uri#pointer` for other documents (for error messages).
    func describe(_ location: SchemaLocation) -> String {
        guard location.document > 0, location.document < documents.count else { return location.pointer }
        return documents[location.document].uri + "#" + location.pointer
    }

    // MARK: - Loading

    /// Adds a document retrieved from `uri` and registers everything it identifies; returns its
    /// root resource.
    @discardableResult
    mutating func addDocument(_ json: JSON, uri: String, dialect: SchemaDialect) throws(JSONSchemaError) -> Int {
        let document = documents.count
        documents.append(Document(json: json, uri: uri))
        let root = SchemaLocation(document: document, pointer: "")
        try walk(json, at: root, base: uri, resource: -1, dialect: dialect, depth: 0)
        return lexicals[root]?.resource ?? 0
    }

    private func error(_ kind: JSONSchemaError.Kind, _ location: SchemaLocation, _ message: String) -> JSONSchemaError {
        JSONSchemaError(kind, at: describe(location), message)
    }

    private mutating func walk(
        _ value: JSON, at location: SchemaLocation, base: String, resource: Int, dialect: SchemaDialect, depth: Int
    ) throws(JSONSchemaError) {
        guard depth <= Self.maxDepth else { throw error(.invalidSchema, location, "schema nested deeper than \(Self.maxDepth) levels") }
        let isDocumentRoot = resource < 0
        guard case .object(let object) = value else {
            let resource = isDocumentRoot ? registerResource(uri: base, location: location, alias: nil) : resource
            lexicals[location] = Lexical(base: base, resource: resource, dialect: dialect)
            return
        }
        var dialect = dialect
        if let schema = object["$schema"], isDocumentRoot || object["$id"] != nil {
            guard let uri = schema.stringValue else { throw error(.invalidSchema, location, "$schema must be a string") }
            dialect = try self.dialect(forMetaschema: SchemaURI.resolve(uri, against: base), at: location)
        }
        var base = base
        var resource = resource
        var newResource: String?
        var idAnchor: String?
        if let idValue = object["$id"], !(dialect.draft == .draft7 && object["$ref"] != nil) {
            guard let id = idValue.stringValue else { throw error(.invalidSchema, location, "$id must be a string") }
            let (uri, fragment) = SchemaURI.split(SchemaURI.resolve(id, against: base))
            if let fragment {
                guard dialect.draft == .draft7 else {
                    throw error(.invalidSchema, location, "$id must not have a fragment (use $anchor)")
                }
                idAnchor = fragment
                if !id.hasPrefix("#") { newResource = uri }
            } else {
                newResource = uri
            }
        }
        if isDocumentRoot || newResource != nil {
            resource = registerResource(uri: newResource ?? base, location: location, alias: isDocumentRoot ? base : nil)
            base = newResource ?? base
        }
        if let idAnchor { registerAnchor(idAnchor, base: base, location: location) }
        if dialect.draft == .draft2020_12 {
            if let anchor = object["$anchor"] {
                guard let name = anchor.stringValue else { throw error(.invalidSchema, location, "$anchor must be a string") }
                registerAnchor(name, base: base, location: location)
            }
            if let anchor = object["$dynamicAnchor"] {
                guard let name = anchor.stringValue else { throw error(.invalidSchema, location, "$dynamicAnchor must be a string") }
                registerAnchor(name, base: base, location: location)
                resources[resource].dynamicAnchors.append((name, location))
            }
        }
        lexicals[location] = Lexical(base: base, resource: resource, dialect: dialect)
        for (key, child) in object {
            switch Self.subschemaShape(key, draft: dialect.draft) {
            case .none:
                continue
            case .single:
                try walkChild(child, at: location.appending(key), base: base, resource: resource, dialect: dialect, depth: depth)
            case .array:
                guard case .array(let elements) = child else {
                    try walkChild(child, at: location.appending(key), base: base, resource: resource, dialect: dialect, depth: depth)
                    continue
                }
                for (index, element) in elements.enumerated() {
                    try walkChild(
                        element, at: location.appending(key).appending(index), base: base, resource: resource, dialect: dialect,
                        depth: depth)
                }
            case .map:
                guard case .object(let members) = child else { continue }
                for (name, member) in members {
                    try walkChild(
                        member, at: location.appending(key).appending(name), base: base, resource: resource, dialect: dialect,
                        depth: depth)
                }
            }
        }
    }

    private mutating func walkChild(
        _ value: JSON, at location: SchemaLocation, base: String, resource: Int, dialect: SchemaDialect, depth: Int
    ) throws(JSONSchemaError) {
        switch value {
        case .object, .bool: try walk(value, at: location, base: base, resource: resource, dialect: dialect, depth: depth + 1)
        default: break
        }
    }

    @discardableResult
    private mutating func registerResource(uri: String, location: SchemaLocation, alias: String?) -> Int {
        let index = resources.count
        resources.append(Resource(uri: uri, location: location))
        if resourceIndex[uri] == nil { resourceIndex[uri] = index }
        if let alias, resourceIndex[alias] == nil { resourceIndex[alias] = index }
        return index
    }

    private mutating func registerAnchor(_ name: String, base: String, location: SchemaLocation) {
        let key = base + "#" + name
        if anchors[key] == nil { anchors[key] = location }
    }

    enum SubschemaShape { case none, single, array, map }

    /// How keyword `key` holds subschemas in `draft` (unknown keywords hold none).
    static func subschemaShape(_ key: String, draft: JSONSchemaDraft) -> SubschemaShape {
        switch key {
        case "additionalProperties", "propertyNames", "contains", "not", "if", "then", "else": return .single
        case "allOf", "anyOf", "oneOf": return .array
        case "items": return .array  // a single schema, or (draft-07) an array of schemas
        case "properties", "patternProperties", "definitions", "dependencies": return .map
        case "additionalItems": return draft == .draft7 ? .single : .none
        case "$defs", "dependentSchemas": return draft == .draft2020_12 ? .map : .none
        case "prefixItems": return draft == .draft2020_12 ? .array : .none
        case "unevaluatedItems", "unevaluatedProperties", "contentSchema": return draft == .draft2020_12 ? .single : .none
        default: return .none
        }
    }

    // MARK: - Dialects

    /// The dialect a `$schema` URI selects: the two built-in drafts, or a custom metaschema (from
    /// the resolver) whose own `$schema` gives the draft and whose `$vocabulary` the vocabularies.
    private mutating func dialect(forMetaschema uri: String, at location: SchemaLocation) throws(JSONSchemaError) -> SchemaDialect {
        let bare = SchemaURI.split(uri).uri
        switch bare {
        case SchemaMetaschemas.draft07URI: return .draft7
        case SchemaMetaschemas.draft2020URI: return .draft2020
        default: break
        }
        if SchemaDialect.unsupportedMetaschemas.contains(bare) {
            throw error(.unsupported, location, "unsupported draft \(bare) (draft-07 and 2020-12 are implemented)")
        }
        if let known = dialects[bare] { return known }
        guard !metaschemasLoading.contains(bare) else { throw error(.invalidSchema, location, "metaschema \(bare) refers to itself") }
        guard case .object(let metaschema)? = resolver?.document(for: bare) else {
            throw error(.unresolvableReference, location, "unknown $schema \(bare)")
        }
        metaschemasLoading.insert(bare)
        defer { metaschemasLoading.remove(bare) }
        var dialect = SchemaDialect.draft2020
        if let parent = metaschema["$schema"]?.stringValue {
            dialect = try self.dialect(forMetaschema: SchemaURI.resolve(parent, against: bare), at: location)
        }
        if dialect.draft == .draft2020_12, case .object(let vocabularies)? = metaschema["$vocabulary"] {
            dialect.applicator = false
            dialect.unevaluated = false
            dialect.validation = false
            for (vocabulary, value) in vocabularies {
                guard let required = value.boolValue else {
                    throw error(.invalidSchema, location, "$vocabulary values of \(bare) must be booleans")
                }
                let prefix = SchemaDialect.vocabularyPrefix
                switch vocabulary.hasPrefix(prefix) ? String(vocabulary.dropFirst(prefix.count)) : "" {
                case "core", "meta-data", "format-annotation", "content": break
                case "applicator": dialect.applicator = true
                case "unevaluated": dialect.unevaluated = true
                case "validation": dialect.validation = true
                default:
                    if required {
                        throw error(.unsupported, location, "metaschema \(bare) requires unsupported vocabulary \(vocabulary)")
                    }
                }
            }
        }
        dialects[bare] = dialect
        return dialect
    }
}
