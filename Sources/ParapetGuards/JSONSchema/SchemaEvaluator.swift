import ParapetCore

/// Evaluates a compiled schema against one instance. Two modes: collecting violations (up to a
/// limit, with paths) and a quiet boolean mode that stops at the first failure; branches whose
/// failure is not itself a violation (`anyOf`, `oneOf`, `not`, `if`, `contains`) always run
/// quietly. Paths are not tracked on the way down: a violation records its keyword, and each
/// level it passes on the way up prepends its own segment, so valid instances pay nothing.
///
/// Running out of a budget (nesting depth, a pattern's step budget) aborts: the instance is
/// invalid whatever the surrounding keywords say (a `not` or an `anyOf` cannot turn an
/// undecided branch into a pass), and the violation is recorded even inside quiet branches.
///
/// The node, keyword and list tables are read through buffer pointers that are valid only inside
/// `SchemaEvaluator.run`.
struct SchemaEvaluator {
    /// Nested evaluations allowed before giving up (reference cycles, absurdly deep instances).
    static let maxDepth = 400

    struct Outcome {
        var valid = true
        var annotations = SchemaAnnotations()
    }

    let program: SchemaProgram
    let nodes: UnsafeBufferPointer<SchemaNode>
    let keywords: UnsafeBufferPointer<SchemaKeyword>
    let lists: UnsafeBufferPointer<Int>
    private(set) var collecting: Bool
    let maxErrors: Int
    private(set) var violations: [SchemaPendingViolation] = []
    private var scope: [Int] = []
    private var depth = 0
    /// Set when a budget ran out; evaluation stops and the instance is invalid.
    private(set) var aborted = false

    /// Evaluates `instance` against the program's root.
    static func run(_ program: SchemaProgram, _ instance: JSON, collecting: Bool, maxErrors: Int) -> (Bool, [SchemaPendingViolation]) {
        program.nodes.withUnsafeBufferPointer { nodes in
            program.keywords.withUnsafeBufferPointer { keywords in
                program.lists.withUnsafeBufferPointer { lists in
                    var evaluator = SchemaEvaluator(
                        program: program, nodes: nodes, keywords: keywords, lists: lists, collecting: collecting, maxErrors: maxErrors)
                    let valid = evaluator.evaluate(program.root, instance, annotate: false).valid
                    return (valid && !evaluator.aborted, evaluator.violations)
                }
            }
        }
    }

    private init(
        program: SchemaProgram, nodes: UnsafeBufferPointer<SchemaNode>, keywords: UnsafeBufferPointer<SchemaKeyword>,
        lists: UnsafeBufferPointer<Int>, collecting: Bool, maxErrors: Int
    ) {
        self.program = program
        self.nodes = nodes
        self.keywords = keywords
        self.lists = lists
        self.collecting = collecting
        self.maxErrors = maxErrors
    }

    /// Whether evaluation should stop after a failure.
    var shouldStop: Bool { aborted || !collecting || violations.count >= maxErrors }

    mutating func evaluate(_ index: Int, _ instance: JSON, annotate: Bool) -> Outcome {
        depth += 1
        defer { depth -= 1 }
        guard depth <= Self.maxDepth else {
            return Outcome(valid: abort("", "schema evaluation nested deeper than \(Self.maxDepth) levels"))
        }
        let node = nodes[index]
        var entered = false
        if program.usesDynamicScope, scope.last != node.resource {
            scope.append(node.resource)
            entered = true
        }
        defer { if entered { scope.removeLast() } }
        let annotate = annotate || node.collectsAnnotations
        var outcome = Outcome()
        for position in node.keywords where !evaluate(keywords[position], instance, annotate: annotate, into: &outcome.annotations) {
            outcome.valid = false
            if shouldStop { break }
        }
        return outcome
    }

    /// Evaluates a subschema at `instance` (a child of the current instance when `token` is set);
    /// on failure, prefixes the new violations with `segment` and `token`.
    mutating func descend(
        _ index: Int, _ instance: JSON, segment: @autoclosure () -> String, token: @autoclosure () -> SchemaPathToken? = nil,
        annotate: Bool = false
    ) -> Outcome {
        let mark = violations.count
        let outcome = evaluate(index, instance, annotate: annotate)
        if !outcome.valid, violations.count > mark {
            let segment = segment()
            let token = token()
            for position in mark..<violations.count { violations[position].prepend(segment, token) }
        }
        return outcome
    }

    /// Evaluates without recording violations (a failure there is not itself a violation); only
    /// an abort is recorded, under `segment`. Callers check `aborted` afterwards.
    mutating func quietly(
        _ index: Int, _ instance: JSON, segment: @autoclosure () -> String, token: SchemaPathToken? = nil, annotate: Bool = false
    ) -> Outcome {
        let saved = collecting
        collecting = false
        defer { collecting = saved }
        let mark = violations.count
        let outcome = evaluate(index, instance, annotate: annotate)
        if violations.count > mark {
            let segment = segment()
            for position in mark..<violations.count { violations[position].prepend(segment, token) }
        }
        return outcome
    }

    /// Stops the evaluation as invalid, recording why even in quiet mode.
    mutating func abort(_ keyword: String, _ message: String, token: SchemaPathToken? = nil) -> Bool {
        if !aborted, violations.count < maxErrors {
            violations.append(SchemaPendingViolation(keyword: keyword, token: token, message: message))
        }
        aborted = true
        return false
    }

    /// Records a violation of `keyword` at the current instance (or at member/item `token`).
    mutating func fail(_ keyword: String, _ message: @autoclosure () -> String, token: SchemaPathToken? = nil) -> Bool {
        if collecting, violations.count < maxErrors {
            violations.append(SchemaPendingViolation(keyword: keyword, token: token, message: message()))
        }
        return false
    }

    private mutating func evaluate(
        _ keyword: SchemaKeyword, _ instance: JSON, annotate: Bool, into annotations: inout SchemaAnnotations
    ) -> Bool {
        switch keyword {
        case .never:
            return fail("", "no value is allowed here (false schema)")
        case .type(let types):
            return checkType(types, instance)
        case .constant(let index):
            let value = program.constants[index]
            return SchemaEquality.equal(instance, value) || fail("const", "must equal \(SchemaMessages.preview(value))")
        case .enumeration(let index):
            return checkEnum(program.enums[index], instance)
        case .bound(let index, let bound):
            return checkBound(index, bound, instance)
        case .multipleOf(let index):
            return checkMultipleOf(index, instance)
        case .minLength(let length):
            // A code point takes 1 to 4 UTF-8 bytes: count only when the byte count cannot decide.
            guard case .string(let text) = instance, text.utf8.count < 4 * length else { return true }
            let count = SchemaText.codePointCount(text)
            return count >= length || fail("minLength", "must be at least \(length) characters long, got \(count)")
        case .maxLength(let length):
            guard case .string(let text) = instance, text.utf8.count > length else { return true }
            let count = SchemaText.codePointCount(text)
            return count <= length || fail("maxLength", "must be at most \(length) characters long, got \(count)")
        case .pattern(let index):
            guard case .string(let text) = instance else { return true }
            return checkPattern(index, text)
        case .minItems(let count):
            guard case .array(let items) = instance else { return true }
            return items.count >= count || fail("minItems", "must have at least \(count) items, got \(items.count)")
        case .maxItems(let count):
            guard case .array(let items) = instance else { return true }
            return items.count <= count || fail("maxItems", "must have at most \(count) items, got \(items.count)")
        case .uniqueItems:
            guard case .array(let items) = instance, let (first, second) = SchemaEquality.firstDuplicate(items) else { return true }
            return fail("uniqueItems", "items must be unique, but items \(first) and \(second) are equal")
        case .minProperties(let count):
            guard case .object(let object) = instance else { return true }
            return object.count >= count || fail("minProperties", "must have at least \(count) properties, got \(object.count)")
        case .maxProperties(let count):
            guard case .object(let object) = instance else { return true }
            return object.count <= count || fail("maxProperties", "must have at most \(count) properties, got \(object.count)")
        case .object(let index):
            guard case .object(let object) = instance else { return true }
            return checkObject(program.objects[index], object, annotate: annotate, into: &annotations)
        case .propertyNames(let node):
            guard case .object(let object) = instance else { return true }
            return checkPropertyNames(node, object)
        case .dependentRequired(let index):
            guard case .object(let object) = instance else { return true }
            return checkDependentRequired(program.dependencies[index], object)
        case .dependentSchemas(let index):
            guard case .object(let object) = instance else { return true }
            return checkDependentSchemas(program.dependencies[index], object, instance, annotate: annotate, into: &annotations)
        case .unevaluatedProperties(let node):
            guard case .object(let object) = instance else { return true }
            return checkUnevaluatedProperties(node, object, into: &annotations)
        case .items(let items):
            guard case .array(let elements) = instance else { return true }
            return checkItems(items, elements, annotate: annotate, into: &annotations)
        case .contains(let contains):
            guard case .array(let elements) = instance else { return true }
            return checkContains(contains, elements, annotate: annotate, into: &annotations)
        case .unevaluatedItems(let node):
            guard case .array(let elements) = instance else { return true }
            return checkUnevaluatedItems(node, elements, into: &annotations)
        case .allOf(let range):
            return checkAllOf(range, instance, annotate: annotate, into: &annotations)
        case .anyOf(let range):
            return checkAnyOf(range, instance, annotate: annotate, into: &annotations)
        case .oneOf(let range):
            return checkOneOf(range, instance, annotate: annotate, into: &annotations)
        case .not(let node):
            let inner = quietly(node, instance, segment: "/not")
            return !aborted && (!inner.valid || fail("not", "must not match the schema in \"not\""))
        case .conditional(let condition, let then, let otherwise):
            return checkConditional(condition, then, otherwise, instance, annotate: annotate, into: &annotations)
        case .ref(let node):
            return apply(descend(node, instance, segment: "/$ref", annotate: annotate), into: &annotations)
        case .dynamicRef(let node, let anchor):
            let target = anchor.map { dynamicTarget($0) ?? node } ?? node
            return apply(descend(target, instance, segment: "/$dynamicRef", annotate: annotate), into: &annotations)
        }
    }

    /// Merges the annotations of a valid in-place subschema; returns its validity.
    @inline(__always)
    func apply(_ outcome: Outcome, into annotations: inout SchemaAnnotations) -> Bool {
        if outcome.valid { annotations.formUnion(outcome.annotations) }
        return outcome.valid
    }

    /// The outermost resource in the dynamic scope with a `$dynamicAnchor` named `anchor`.
    private func dynamicTarget(_ anchor: Int) -> Int? {
        for resource in scope where resource < program.dynamicAnchors.count {
            if let match = program.dynamicAnchors[resource].first(where: { $0.name == anchor }) { return match.node }
        }
        return nil
    }
}
