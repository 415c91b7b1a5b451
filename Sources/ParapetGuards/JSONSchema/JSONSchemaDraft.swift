/// The JSON Schema dialects the validator implements.
public enum JSONSchemaDraft: Sendable, Equatable {
    /// Draft-07 (`http://json-schema.org/draft-07/schema#`): `$ref` replaces its siblings,
    /// `items` may be an array with `additionalItems`, `dependencies`, `definitions`.
    case draft7
    /// Draft 2020-12 (`https://json-schema.org/draft/2020-12/schema`): `$ref` beside other
    /// keywords, `$anchor`, `$dynamicRef`/`$dynamicAnchor`, `prefixItems`, `unevaluated*`,
    /// `$vocabulary`.
    case draft2020_12
}
