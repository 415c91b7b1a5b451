import ParapetCore

/// A repaired JSON value and how it was obtained.
public struct JSONRepairOutcome: Sendable, Equatable {
    /// The value, as the strict parser read it.
    public var value: JSON
    /// The value's compact serialisation.
    public var text: String
    /// The repairs that were applied, in order; empty when the input already parsed.
    public var steps: [JSONRepairStep]

    /// An outcome, as `JSONRepair.repair` builds it.
    public init(value: JSON, text: String, steps: [JSONRepairStep]) {
        self.value = value
        self.text = text
        self.steps = steps
    }
}
