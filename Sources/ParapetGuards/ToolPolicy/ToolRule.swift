import ParapetCore

/// The validated rules of one declared tool (built by `ToolPolicy.parse`).
public struct ToolRule: Sendable {
    /// The function name.
    public internal(set) var name: String
    /// The argument schema as written (JSON Schema 2020-12 unless it says otherwise); nil when
    /// the arguments are not checked against a schema.
    public internal(set) var parameters: JSON?
    /// `parameters`, compiled once.
    var validator: JSONSchemaValidator?
    /// Attributes for the escalation engine.
    public internal(set) var risk: ToolRisk
    /// The roles that may call the tool at all; nil means every role.
    public internal(set) var roles: Set<String>?
    /// Upper bounds of numeric arguments, per role.
    public internal(set) var limits: [ToolArgumentLimit] = []
    /// Calls per user (or tenant) over a sliding window.
    public internal(set) var counters: [ToolCounterRule] = []
    /// Objects the tool must not touch.
    public internal(set) var flagged: ToolFlaggedObjects?
    /// The outcome when an argument limit or a counter is exceeded: deny (the default) or review.
    public internal(set) var overLimit: ToolDecisionOutcome = .deny
    /// The outcome when every rule passes: allow (the default), review (every call is approved
    /// by a person) or deny.
    public internal(set) var defaultOutcome: ToolDecisionOutcome = .allow
    /// False is the configured kill switch: every call is denied with `tool_disabled`.
    public internal(set) var enabled = true

    init(name: String, risk: ToolRisk = ToolRisk()) {
        self.name = name
        self.risk = risk
    }
}

extension ToolRule: Hashable {
    /// Equal when every declared rule is equal; the compiled `validator` follows from `parameters`.
    public static func == (lhs: ToolRule, rhs: ToolRule) -> Bool {
        lhs.name == rhs.name && lhs.parameters == rhs.parameters && lhs.risk == rhs.risk && lhs.roles == rhs.roles && lhs.limits == rhs.limits
            && lhs.counters == rhs.counters && lhs.flagged == rhs.flagged && lhs.overLimit == rhs.overLimit
            && lhs.defaultOutcome == rhs.defaultOutcome && lhs.enabled == rhs.enabled
    }

    /// Everything but `parameters` (`JSON` is not `Hashable`); equal rules still hash equally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(name)
        hasher.combine(risk)
        hasher.combine(roles)
        hasher.combine(limits)
        hasher.combine(counters)
        hasher.combine(flagged)
        hasher.combine(overLimit)
        hasher.combine(defaultOutcome)
        hasher.combine(enabled)
    }
}

/// `{ role: agent, argument: amount, max: 50 }`: the numeric argument may not exceed `max` when
/// the caller has `role` (every role when nil). Compared as exact decimals on the JSON number
/// text, so `50.00` is within 50 and `50.000001` is not.
public struct ToolArgumentLimit: Sendable, Hashable {
    /// The role the limit applies to; nil for every role.
    public internal(set) var role: String?
    /// The top-level argument.
    public internal(set) var argument: String
    /// The largest allowed value, as plain decimal text (`50`, `199.99`).
    public var max: String { maximum.description }
    /// `max`, exact.
    let maximum: SchemaNumber

    /// Role and argument only (`SchemaNumber` is not `Hashable`); equal limits hash equally.
    public func hash(into hasher: inout Hasher) {
        hasher.combine(role)
        hasher.combine(argument)
    }
}

/// `{ name: refunds_per_day, per: user, window_s: 86400, max: 3 }`: at most `max` recorded calls
/// per user (or tenant) in any `window`. Counters belong to their tool: two tools with a counter
/// of the same name count separately.
public struct ToolCounterRule: Sendable, Hashable {
    /// Whose calls a counter counts.
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// Each end user separately (`ToolCallIntent.user`).
        case user
        /// The whole tenant together.
        case tenant
    }

    /// The largest `max` a counter may declare; counter stores must count at least this far.
    public static let maxLimit = 10_000

    /// The counter's name, unique within its tool.
    public internal(set) var name: String
    /// Whose calls it counts.
    public internal(set) var scope: Scope
    /// The sliding window.
    public internal(set) var window: Duration
    /// The most calls allowed in any window; the call that would be number `max + 1` fails.
    public internal(set) var max: Int
    /// The name under which the store keeps it: `tool.counter`.
    let storeKey: String
}

/// `{ argument: order_id, list: [99999, 424242], outcome: review }`: calls whose argument (or
/// any element of it, when it is an array) is on the list get `outcome`. Values compare by
/// value: `12345`, `12345.0` and `"12345"` name the same object. With a `service`, the server
/// also asks a permission service about the argument's value (see `ToolPermissionService`).
public struct ToolFlaggedObjects: Sendable, Hashable {
    /// The top-level argument that names the object.
    public internal(set) var argument: String
    /// The flagged values as written (empty when only the service flags objects).
    public internal(set) var values: [JSON]
    /// deny or review.
    public internal(set) var outcome: ToolDecisionOutcome
    /// The permission service asked after the local rules, if any.
    public internal(set) var service: ToolPermissionService?
    /// `values` by their comparison key.
    var keys: Set<ToolObjectKey>

    /// Everything but `values` (`JSON` is not `Hashable`; `keys` stands for them).
    public func hash(into hasher: inout Hasher) {
        hasher.combine(argument)
        hasher.combine(outcome)
        hasher.combine(service)
        hasher.combine(keys)
    }
}

/// A scalar JSON value reduced to what identifies an object: numbers (and strings holding
/// number text) by exact decimal value, other strings as Unicode text, booleans.
enum ToolObjectKey: Hashable, Sendable {
    case number(String)
    case string(String)
    case bool(Bool)

    /// How an argument value takes part in a flagged-list lookup.
    enum Lookup {
        /// Compare this key.
        case key(ToolObjectKey)
        /// Null, arrays and objects name no object.
        case none
        /// Number text (or a string of number characters) too long to compare exactly: the
        /// engine fails closed rather than let `12345.000…0` slip past `12345`.
        case unreadable
    }

    static func lookup(_ value: JSON) -> Lookup {
        switch value {
        case .number(let text):
            guard text.utf8.count <= ToolPolicyEngine.maxNumberLength, let number = SchemaNumber(text) else { return .unreadable }
            return .key(.number(number.description))
        case .string(let text):
            guard text.utf8.count <= ToolPolicyEngine.maxNumberLength else {
                return looksNumeric(text) ? .unreadable : .key(.string(text))
            }
            if let number = SchemaNumber(text) { return .key(.number(number.description)) }
            return .key(.string(text))
        case .bool(let flag): return .key(.bool(flag))
        case .null, .array, .object: return .none
        }
    }

    /// Only digits, signs, points and exponent letters.
    private static func looksNumeric(_ text: String) -> Bool {
        text.utf8.allSatisfy { byte in
            (byte >= 0x30 && byte <= 0x39) || byte == UInt8(ascii: ".") || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+")
                || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
        }
    }
}
