import ParapetCore
import ParapetReview
import Testing

/// Test configuration is written as JSON (the YAML adapter lives in ParapetGuards; its flow
/// style reads the same) and turned into the `ConfigValue` tree the parsers walk.
enum ReviewFixtures {
    static func configValue(_ text: String) throws -> ConfigValue {
        convert(try JSON.parse(Array(text.utf8)))
    }

    static func convert(_ json: JSON) -> ConfigValue {
        switch json {
        case .null: .null
        case .bool(let value): .bool(value)
        case .number(let text): Int(text).map(ConfigValue.int) ?? .double(Double(text) ?? .nan)
        case .string(let text): .string(text)
        case .array(let elements): .list(elements.map(convert))
        case .object(let object): .map(object.map { ConfigValue.Entry(key: $0.key, value: convert($0.value)) })
        }
    }

    /// Parses `review:` settings, throwing the collected errors.
    static func settings(_ text: String) throws -> ReviewSettings {
        var reader = ConfigReader()
        let parsed = ReviewSettings.parse(try configValue(text), at: "routes.support.review", reader: &reader)
        guard reader.errors.isEmpty, let parsed else { throw ConfigErrors(reader.errors) }
        return parsed
    }

    /// The errors of parsing `text`, as `path: message` lines.
    static func errors(_ text: String) throws -> [String] {
        var reader = ConfigReader()
        _ = ReviewSettings.parse(try configValue(text), at: "routes.support.review", reader: &reader)
        return reader.errors.map(\.description)
    }

    /// The README's example: small refunds automatic, big ones and every account deletion to a person.
    static let example = """
        {
          "mode": "confidence",
          "sample_rate": 0.05,
          "expiry_s": 14400,
          "on_expiry": "reject",
          "lease_s": 300,
          "triggers": [
            { "kind": "confidence_band", "low": 0.5, "high": 0.85, "priority": 50 },
            { "kind": "amount_above", "field": "amount", "threshold": 100, "priority": 40, "risk": { "blast_radius": 2 } },
            { "kind": "irreversible_action", "tools": ["delete_account"], "priority": 90 },
            { "kind": "first_time_task", "priority": 20 },
            { "kind": "contradiction", "field": "decision", "priority": 70 },
            { "kind": "category", "categories": ["pii.*", "output.ungrounded"], "priority": 60 },
            { "kind": "output_tokens_above", "tokens": 800, "priority": 10 }
          ],
          "risk": {
            "irreversibility": { "default": 0, "tools": { "refund_order": 2, "delete_account": 3 } },
            "blast_radius": { "default": 0, "tools": { "delete_account": 3 } },
            "compliance": { "default": 0, "categories": { "pii.*": 2 } },
            "confidence": { "below": [[0.5, 3], [0.7, 2], [0.85, 1]] }
          },
          "policies": { "low": "auto", "medium": "one_reviewer", "high": "two_reviewers", "critical": "two_with_senior" }
        }
        """

    static func engine(_ text: String = example, memory: any EscalationMemory = InMemoryEscalationMemory()) throws -> EscalationEngine {
        EscalationEngine(settings: try settings(text), memory: memory)
    }

    static func refund(_ amount: Double, confidence: Double? = 0.9, user: String? = nil, taskType: String? = nil) -> EscalationInput {
        EscalationInput(
            tenant: "acme", route: "support", user: user, taskType: taskType, confidence: confidence,
            toolCalls: [.init(name: "refund_order", arguments: .object(["order_id": .number(12345), "amount": .number(amount)]))])
    }
}
