import ParapetCore

/// How many gateway calls a tenant made in a period, per route and per task type: the
/// denominators of the review statistics (`AuditLog.callCounts`).
///
/// A **gateway call record** is one whose metadata begins with `{"call":{` — the object the
/// gateway writes for every call, whatever its outcome (delivered, held, blocked, failed). Guard
/// records cannot look like one (their metadata values are strings), nor can reviewer actions
/// (`{"review":…}`) or kill-switch changes (`{"switch":…}`), though those name a route too.
/// The call's **task type** is `call.feature` (the `x-parapet-feature` header) when it is a
/// string; a call without one counts for its route only.
public struct AuditCallCounts: Sendable, Hashable {
    /// Calls per route name.
    public var perRoute: [String: Int]
    /// Calls per task type.
    public var perTaskType: [String: Int]

    public init(perRoute: [String: Int] = [:], perTaskType: [String: Int] = [:]) {
        self.perRoute = perRoute
        self.perTaskType = perTaskType
    }

    /// The prefix that marks a gateway call record's metadata.
    public static let callPrefix = #"{"call":{"#

    /// Whether `entry` is a gateway call record.
    public static func isGatewayCall(_ entry: AuditEntry) -> Bool {
        entry.metadataJSON?.utf8.starts(with: callPrefix.utf8) ?? false
    }

    /// The task type of a gateway call's metadata: `call.feature` when the metadata is valid JSON
    /// and it is a string; nil otherwise.
    public static func taskType(ofCallMetadata metadata: String) -> String? {
        guard let json = try? JSON.parse(Array(metadata.utf8)) else { return nil }
        return json["call"]?["feature"]?.stringValue
    }

    /// Counts `entry` when it is a gateway call record (and ignores every other record).
    public mutating func add(_ entry: AuditEntry) {
        guard Self.isGatewayCall(entry), let metadata = entry.metadataJSON else { return }
        if let route = entry.route { perRoute[route, default: 0] += 1 }
        if let taskType = Self.taskType(ofCallMetadata: metadata) { perTaskType[taskType, default: 0] += 1 }
    }
}
