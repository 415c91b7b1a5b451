import ParapetCore

/// Validates JSON values against a JSON Schema (draft 2020-12 or draft-07), compiled once.
///
/// Compilation resolves every `$ref`/`$dynamicRef` target it can (the schema's own `$id`s and
/// anchors, the built-in metaschemas, then the resolver) and compiles each pattern, so
/// validation does no lookups by keyword name, no URI work and no regex parsing. `format` is an
/// annotation only (never asserted). Pattern searches have a step budget; a search that exceeds
/// it is reported as a violation, so hostile patterns fail closed. A validator is immutable and
/// can be shared across tasks.
public struct JSONSchemaValidator: Sendable {
    private let program: SchemaProgram

    /// Compiles the schema (draft from `$schema`, else `defaultDraft`); resolves every
    /// `$ref`/`$dynamicRef` target it can at compile time; throws for an invalid schema or an
    /// unresolvable reference.
    public init(
        schema: JSON, defaultDraft: JSONSchemaDraft = .draft2020_12, resolver: (any JSONSchemaResolver)? = nil
    ) throws(JSONSchemaError) {
        program = try SchemaCompiler.compile(schema, defaultDraft: defaultDraft, resolver: resolver)
    }

    /// Violations, at most `maxErrors` (at least one is reported for an invalid instance even if
    /// `maxErrors` is below 1); empty means valid.
    public func validate(_ instance: JSON, maxErrors: Int = 16) -> [JSONSchemaViolation] {
        let (valid, pending) = SchemaEvaluator.run(program, instance, collecting: true, maxErrors: max(1, maxErrors))
        var violations = pending.map(\.violation)
        if !valid, violations.isEmpty {
            violations.append(JSONSchemaViolation(instancePath: "", keywordLocation: "", message: "does not match the schema"))
        }
        return violations
    }

    /// Fast path: stops at the first violation.
    public func isValid(_ instance: JSON) -> Bool {
        SchemaEvaluator.run(program, instance, collecting: false, maxErrors: 1).0
    }
}
