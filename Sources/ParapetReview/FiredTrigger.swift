import ParapetCore

/// A trigger that fired for a call: recorded in the decision, the review item and the audit log.
/// `detail` names configured values only (fields, thresholds, tool and category ids, scores),
/// never text from the request or the answer.
public struct FiredTrigger: Sendable, Hashable, Codable {
    /// Which condition fired (`risk_matrix` for the level's policy).
    public var kind: TriggerKind
    /// The configured priority: the list is sorted by it, highest first.
    public var priority: Int
    /// Why it fired, for people: `amount above 100 at refund.amount`.
    public var detail: String

    /// A fired trigger with these parts.
    public init(kind: TriggerKind, priority: Int, detail: String) {
        self.kind = kind
        self.priority = priority
        self.detail = detail
    }

    /// The list as a JSON array of `{"kind", "priority", "detail"}` objects: the bytes to store in
    /// `ReviewItem.triggers`.
    public static func json(_ triggers: [FiredTrigger]) -> [UInt8] {
        JSON.array(
            triggers.map { trigger in
                .object(["kind": .string(trigger.kind.rawValue), "priority": .number(trigger.priority), "detail": .string(trigger.detail)])
            }
        ).serialized
    }

    /// Reads a list written by `json(_:)`; nil when the bytes are not such a list (an unknown
    /// kind included).
    public static func list(fromJSON bytes: [UInt8]) -> [FiredTrigger]? {
        guard let value = try? JSON.parse(bytes, maxDepth: 8), let elements = value.arrayValue else { return nil }
        var out: [FiredTrigger] = []
        for element in elements {
            guard let kind = element["kind"]?.stringValue.flatMap(TriggerKind.init(rawValue:)),
                let priority = element["priority"]?.intValue,
                let detail = element["detail"]?.stringValue
            else { return nil }
            out.append(FiredTrigger(kind: kind, priority: priority, detail: detail))
        }
        return out
    }
}
