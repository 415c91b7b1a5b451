import ParapetCore

/// Supplies documents for absolute URIs that are not in the schema itself (remote `$ref`).
///
/// Implementations must be pure lookups (an in-memory table, files read ahead of time): the
/// validator calls `document(for:)` while compiling a schema, never while validating, and treats
/// nil as "no such document" (an unresolvable reference is a compile error). The metaschemas of
/// draft-07 and 2020-12 are built in and never requested.
public protocol JSONSchemaResolver: Sendable {
    /// The document at `uri` (absolute, without a fragment), or nil when unknown.
    func document(for uri: String) -> JSON?
}
