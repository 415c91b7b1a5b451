import ParapetCore
import ParapetGuards
import Synchronization

/// Compiled schema validators by schema text, so a client that sends the same `response_format`
/// or tool list on every call compiles each schema once. Bounded: when full, the oldest half is
/// dropped.
public final class SchemaCache: Sendable {
    private struct State {
        var validators: [String: JSONSchemaValidator] = [:]
        var order: [String] = []
    }

    private let state = Mutex(State())
    public let capacity: Int

    public init(capacity: Int = 256) {
        self.capacity = max(1, capacity)
    }

    /// The validator of `schema`, compiled now if it is not cached.
    public func validator(for schema: JSON) throws(JSONSchemaError) -> JSONSchemaValidator {
        let key = String(decoding: schema.serialized, as: UTF8.self)
        if let cached = state.withLock({ $0.validators[key] }) { return cached }
        let validator = try JSONSchemaValidator(schema: schema)
        state.withLock { state in
            guard state.validators[key] == nil else { return }
            if state.order.count >= capacity {
                let dropped = state.order.prefix(max(1, capacity / 2))
                for old in dropped { state.validators[old] = nil }
                state.order.removeFirst(dropped.count)
            }
            state.validators[key] = validator
            state.order.append(key)
        }
        return validator
    }
}
