import ParapetCore

/// Compiles a schema into a `SchemaProgram`. Subschemas are compiled from a work list (never by
/// recursion across references), once per location, so recursive schemas and `$ref` cycles
/// compile to back edges.
struct SchemaCompiler {
    var registry: SchemaRegistry
    var program = SchemaProgram()
    private var memo: [SchemaLocation: Int] = [:]
    private var pending: [(node: Int, location: SchemaLocation)] = []
    private var patternIndex: [String: Int] = [:]
    private var dynamicNames: [String: Int] = [:]

    private init(registry: SchemaRegistry) {
        self.registry = registry
    }

    static func compile(
        _ schema: JSON, defaultDraft: JSONSchemaDraft, resolver: (any JSONSchemaResolver)?
    ) throws(JSONSchemaError) -> SchemaProgram {
        var registry = SchemaRegistry(resolver: resolver)
        try registry.addDocument(schema, uri: "", dialect: defaultDraft == .draft7 ? .draft7 : .draft2020)
        var compiler = SchemaCompiler(registry: registry)
        let root = compiler.node(for: SchemaLocation(document: 0, pointer: ""))
        try compiler.drain()
        // Compile every dynamic anchor a `$dynamicRef` may jump to (new documents may appear).
        var compiledAnchors = 0
        repeat {
            compiledAnchors = compiler.program.nodes.count
            for resource in compiler.registry.resources {
                for anchor in resource.dynamicAnchors where compiler.dynamicNames[anchor.name] != nil {
                    _ = compiler.node(for: anchor.location)
                }
            }
            try compiler.drain()
        } while compiler.program.nodes.count != compiledAnchors
        compiler.program.dynamicAnchors = compiler.registry.resources.map { resource in
            resource.dynamicAnchors.compactMap { anchor -> (name: Int, node: Int)? in
                guard let name = compiler.dynamicNames[anchor.name], let node = compiler.memo[anchor.location] else { return nil }
                return (name, node)
            }
        }
        compiler.program.root = root
        return compiler.program
    }

    /// The node for `location`, reserved now and compiled when the work list reaches it.
    mutating func node(for location: SchemaLocation) -> Int {
        if let index = memo[location] { return index }
        let index = program.nodes.count
        program.nodes.append(SchemaNode())
        memo[location] = index
        pending.append((index, location))
        return index
    }

    private mutating func drain() throws(JSONSchemaError) {
        while let (index, location) = pending.popLast() {
            program.nodes[index] = try compileNode(at: location)
        }
    }

    func error(_ kind: JSONSchemaError.Kind, _ location: SchemaLocation, _ message: String) -> JSONSchemaError {
        JSONSchemaError(kind, at: registry.describe(location), message)
    }

    private mutating func compileNode(at location: SchemaLocation) throws(JSONSchemaError) -> SchemaNode {
        guard let value = registry.value(at: location) else {
            throw error(.unresolvableReference, location, "no schema at this location")
        }
        let lexical = registry.lexical(at: location)
        var node = SchemaNode(resource: lexical.resource)
        var keywords: [SchemaKeyword] = []
        switch value {
        case .bool(let accepts):
            if !accepts {
                keywords = [.never]
                node.rejectsEverything = true
            }
        case .object(let object):
            keywords = try self.keywords(object, at: location, lexical: lexical)
            node.collectsAnnotations = keywords.contains {
                switch $0 {
                case .unevaluatedItems, .unevaluatedProperties: return true
                default: return false
                }
            }
        default:
            throw error(.invalidSchema, location, "a schema must be an object or a boolean")
        }
        node.keywords = program.keywords.count..<(program.keywords.count + keywords.count)
        program.keywords.append(contentsOf: keywords)
        return node
    }

    // MARK: - References

    /// The node a `$ref` (or `$dynamicRef`) at `location` points to.
    mutating func reference(
        _ value: JSON, keyword: String, at location: SchemaLocation, lexical: SchemaRegistry.Lexical
    ) throws(JSONSchemaError) -> (node: Int, target: SchemaLocation, fragment: String?) {
        let keywordLocation = location.appending(keyword)
        guard let text = value.stringValue else { throw error(.invalidSchema, keywordLocation, "\(keyword) must be a string") }
        let (uri, fragment) = SchemaURI.split(SchemaURI.resolve(text, against: lexical.base))
        guard let resourceIndex = try registry.resource(for: uri, dialect: lexical.dialect) else {
            throw error(.unresolvableReference, keywordLocation, "cannot resolve \(keyword) \"\(text)\": unknown document \(uri)")
        }
        let resource = registry.resources[resourceIndex]
        guard let fragment else { return (node(for: resource.location), resource.location, nil) }
        guard let decoded = SchemaText.percentDecoded(fragment) else {
            throw error(.invalidSchema, keywordLocation, "\(keyword) \"\(text)\" has an invalid percent-encoding")
        }
        let target: SchemaLocation
        if decoded.hasPrefix("/") {
            target = SchemaLocation(document: resource.location.document, pointer: resource.location.pointer + decoded)
            guard registry.value(at: target) != nil else {
                throw error(.unresolvableReference, keywordLocation, "cannot resolve \(keyword) \"\(text)\": no such location")
            }
        } else if let anchor = registry.anchor(decoded, in: resource.uri) {
            target = anchor
        } else {
            throw error(.unresolvableReference, keywordLocation, "cannot resolve \(keyword) \"\(text)\": no such anchor")
        }
        return (node(for: target), target, decoded)
    }

    /// `$dynamicRef`: dynamic only when the static target carries a `$dynamicAnchor` of the
    /// fragment's name (the "bookend"); otherwise a plain reference.
    mutating func dynamicReference(
        _ value: JSON, at location: SchemaLocation, lexical: SchemaRegistry.Lexical
    ) throws(JSONSchemaError) -> SchemaKeyword {
        let (node, target, fragment) = try reference(value, keyword: "$dynamicRef", at: location, lexical: lexical)
        guard let fragment, !fragment.hasPrefix("/"), registry.value(at: target)?["$dynamicAnchor"]?.stringValue == fragment else {
            return .dynamicRef(node, anchor: nil)
        }
        program.usesDynamicScope = true
        let name: Int
        if let known = dynamicNames[fragment] {
            name = known
        } else {
            name = dynamicNames.count
            dynamicNames[fragment] = name
        }
        return .dynamicRef(node, anchor: name)
    }

    /// Appends `nodes` to the shared node lists.
    mutating func list(_ nodes: [Int]) -> Range<Int> {
        let start = program.lists.count
        program.lists.append(contentsOf: nodes)
        return start..<program.lists.count
    }

    /// The index of the compiled pattern `source` (each distinct pattern compiled once).
    mutating func pattern(_ source: String, at location: SchemaLocation) throws(JSONSchemaError) -> Int {
        if let index = patternIndex[source] { return index }
        let compiled: Pattern
        do {
            compiled = try Pattern(source)
        } catch {
            let kind: JSONSchemaError.Kind = error.isUnsupported ? .unsupported : .invalidSchema
            throw self.error(kind, location, "pattern \"\(SchemaMessages.clip(source, limit: 60))\": \(error)")
        }
        program.patterns.append(compiled)
        patternIndex[source] = program.patterns.count - 1
        return program.patterns.count - 1
    }
}
