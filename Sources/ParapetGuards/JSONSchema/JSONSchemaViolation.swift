/// One way an instance fails its schema.
public struct JSONSchemaViolation: Sendable, Equatable, CustomStringConvertible {
    /// A JSON Pointer into the instance; "" for the root.
    public var instancePath: String
    /// The keyword that failed, as a JSON Pointer along the evaluation path through the schema
    /// (references appear as `/$ref`), e.g. `/properties/total/type`.
    public var keywordLocation: String
    /// Human readable and at most about 200 characters, e.g. `expected integer, got string`.
    public var message: String

    /// A violation with the given paths and message (the validator builds these; tests compare).
    public init(instancePath: String, keywordLocation: String, message: String) {
        self.instancePath = instancePath
        self.keywordLocation = keywordLocation
        self.message = message
    }

    /// `/items/0/price (at /properties/items/items/properties/price/minimum): must be ≥ 0, got -1`.
    public var description: String {
        "\(instancePath.isEmpty ? "(root)" : instancePath) (at \(keywordLocation)): \(message)"
    }
}
