/// Why a schema cannot be compiled, and where: a JSON Pointer into the schema (prefixed with the
/// document's URI when the problem is in a referenced document).
public struct JSONSchemaError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The broad reason, for callers that react differently (e.g. 400 vs 500).
    public enum Kind: Sendable, Equatable {
        /// A keyword has a value the draft does not allow (wrong type, negative count, bad pattern).
        case invalidSchema
        /// A `$ref`/`$dynamicRef` or `$schema` names a document, anchor or pointer that does not exist.
        case unresolvableReference
        /// Valid JSON Schema this validator does not implement (another draft, a required unknown
        /// vocabulary, regular-expression syntax outside the supported subset).
        case unsupported
    }

    /// The broad reason.
    public var kind: Kind
    /// The JSON Pointer of the offending schema location; "" for the root.
    public var location: String
    /// What is wrong, for logs and API error bodies.
    public var message: String

    /// An error of `kind` at `location`.
    public init(_ kind: Kind, at location: String, _ message: String) {
        self.kind = kind
        self.location = location
        self.message = message
    }

    /// `must be a non-negative integer at /properties/name/minLength`.
    public var description: String { "\(message) at \(location.isEmpty ? "the schema root" : location)" }
}
