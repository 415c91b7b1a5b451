import ParapetCore
import ParapetStore

/// Parsing of a route's `review:` mapping:
///
/// ```yaml
/// review:
///   mode: confidence        # pre_action | post_audit | confidence
///   sample_rate: 0.05       # share of auto-approved calls sampled for a post-action audit
///   expiry_s: 14400         # how long an item waits (default 4 h)
///   on_expiry: reject       # approve | reject
///   lease_s: 300            # how long a reviewer's claim holds (≤ expiry_s)
///   triggers:               # priority: higher first (default 0); risk: dimension scores raised when fired
///     - { kind: confidence_band, low: 0.5, high: 0.85, threshold: 0.7, priority: 50 }
///     - { kind: amount_above, field: amount, threshold: 100, priority: 40, risk: { blast_radius: 2 } }
///     - { kind: irreversible_action, tools: [delete_account], priority: 90 }
///     - { kind: first_time_task, priority: 20 }
///     - { kind: contradiction, field: decision, priority: 70 }
///     - { kind: category, categories: ["pii.*", "output.ungrounded"], priority: 60 }
///     - { kind: output_tokens_above, tokens: 800, priority: 10 }
///   risk:                   # each dimension 0..3; level from the sum (see RiskMatrix)
///     irreversibility: { default: 0, tools: { refund_order: 2, delete_account: 3 } }
///     blast_radius:    { default: 0, tools: { delete_account: 3 } }
///     compliance:      { default: 0, categories: { "pii.*": 2 } }
///     confidence:      { below: [[0.5, 3], [0.7, 2], [0.85, 1]], missing: 0 }
///     levels:          { medium: 3, high: 4, critical: 6 }
///     trigger_priority: 100
///   policies: { low: auto, medium: one_reviewer, high: two_reviewers, critical: two_with_senior }
/// ```
extension ReviewSettings {
    static let keys: Set<String> = ["mode", "sample_rate", "expiry_s", "on_expiry", "lease_s", "triggers", "risk", "policies"]

    /// The settings in `value`, or nil when it is not a mapping. Every problem is recorded in
    /// `reader` with its dotted path; fields with a problem keep their defaults.
    public static func parse(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ReviewSettings? {
        guard let entries = reader.map(value, at: path, allowed: keys) else { return nil }
        var settings = ReviewSettings()
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "mode": settings.mode = reader.enumeration(entry.value, at: p, kind: "review mode") ?? settings.mode
            case "sample_rate": settings.sampleRate = reader.number(entry.value, at: p, in: 0...1) ?? settings.sampleRate
            case "expiry_s":
                settings.expiry = reader.integer(entry.value, at: p, in: 1...2_592_000).map { .seconds($0) } ?? settings.expiry
            case "on_expiry":
                let outcome: ExpiryOutcome? = reader.enumeration(entry.value, at: p, kind: "expiry outcome")
                settings.onExpiry = outcome?.verdict ?? settings.onExpiry
            case "lease_s": settings.lease = reader.integer(entry.value, at: p, in: 1...86_400).map { .seconds($0) } ?? settings.lease
            case "triggers":
                guard let items = reader.list(entry.value, at: p) else { continue }
                for (index, item) in items.enumerated() {
                    if let trigger = parseTrigger(item, at: p.index(index), reader: &reader) { settings.triggers.append(trigger) }
                }
            case "risk": settings.risk = RiskMatrix.parse(entry.value, at: p, reader: &reader)
            case "policies": settings.policies = parsePolicies(entry.value, at: p, reader: &reader)
            default: break
            }
        }
        if settings.lease > settings.expiry {
            reader.fail(path.key("lease_s"), "must not exceed expiry_s (\(Int(settings.expiry.inSeconds)))")
        }
        return settings
    }

    private enum ExpiryOutcome: String, CaseIterable {
        case approve, reject
        var verdict: ReviewVerdict { self == .approve ? .approve : .reject }
    }

    static func parsePolicies(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ReviewPolicies {
        var policies = ReviewPolicies()
        guard let entries = reader.map(value, at: path, allowed: Set(RiskLevel.allCases.map(\.rawValue))) else { return policies }
        for entry in entries {
            guard let level = RiskLevel(rawValue: entry.key),
                let policy: ReviewPolicy = reader.enumeration(entry.value, at: path.key(entry.key), kind: "review policy")
            else { continue }
            policies[level] = policy
        }
        let levels = RiskLevel.allCases.sorted()
        for (lower, higher) in zip(levels, levels.dropFirst()) where policies[higher] < policies[lower] {
            reader.fail(
                path.key(higher.rawValue),
                "\(policies[higher].rawValue) is laxer than \(lower.rawValue)'s \(policies[lower].rawValue)"
                    + " (a higher level needs at least as much review)")
        }
        return policies
    }

    /// Keys every trigger accepts, and the ones each kind adds.
    static let commonTriggerKeys: Set<String> = ["kind", "priority", "risk"]
    static func triggerKeys(_ kind: TriggerKind) -> Set<String> {
        switch kind {
        case .confidenceBand: ["low", "high", "threshold"]
        case .amountAbove: ["field", "threshold"]
        case .irreversibleAction: ["tools"]
        case .firstTimeTask, .riskMatrix, .qualityGate, .toolPolicy, .handOff: []
        case .contradiction: ["field"]
        case .category: ["categories"]
        case .outputTokensAbove: ["tokens"]
        }
    }

    static func parseTrigger(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> EscalationTrigger? {
        guard case .map(let raw) = value else {
            reader.fail(path, "expected a mapping, got \(value.kindName)")
            return nil
        }
        func field(_ key: String) -> ConfigValue? { raw.first { $0.key == key }?.value }
        let configurable = TriggerKind.allCases.filter(\.isConfigurable)
        guard let kindValue = field("kind") else {
            reader.fail(path.key("kind"), "required (one of: \(configurable.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard let kindName = reader.string(kindValue, at: path.key("kind")) else { return nil }
        guard let kind = TriggerKind(rawValue: kindName), kind.isConfigurable else {
            reader.fail(
                path.key("kind"), "unknown trigger kind \"\(kindName)\" (expected one of: \(configurable.map(\.rawValue).joined(separator: ", ")))")
            return nil
        }
        guard let entries = reader.map(value, at: path, allowed: commonTriggerKeys.union(triggerKeys(kind))) else { return nil }
        let errorsBefore = reader.errors.count

        var priority = 0
        var risk: [RiskDimension: Int] = [:]
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "priority": priority = reader.integer(entry.value, at: p, in: -1_000_000...1_000_000) ?? 0
            case "risk":
                guard let items = reader.map(entry.value, at: p, allowed: Set(RiskDimension.allCases.map(\.rawValue))) else { continue }
                for item in items {
                    guard let dimension = RiskDimension(rawValue: item.key),
                        let score = reader.integer(item.value, at: p.key(item.key), in: 0...3)
                    else { continue }
                    risk[dimension] = score
                }
            default: break
            }
        }

        let condition = parseCondition(kind, field, at: path, reader: &reader)
        guard let condition, reader.errors.count == errorsBefore else { return nil }
        return EscalationTrigger(condition, priority: priority, risk: risk)
    }

    private static func parseCondition(
        _ kind: TriggerKind, _ field: (String) -> ConfigValue?, at path: ConfigPath, reader: inout ConfigReader
    ) -> EscalationTrigger.Condition? {
        switch kind {
        case .confidenceBand:
            let low = required("low", field, at: path, reader: &reader) { $2.number($0, at: $1, in: 0...1) }
            let high = required("high", field, at: path, reader: &reader) { $2.number($0, at: $1, in: 0...1) }
            let threshold = field("threshold").flatMap { reader.number($0, at: path.key("threshold"), in: 0...1) }
            guard let low, let high else { return nil }
            guard low < high else {
                reader.fail(path.key("low"), "must be below high (\(high))")
                return nil
            }
            let peak = threshold ?? (low + high) / 2
            guard peak >= low, peak <= high else {
                reader.fail(path.key("threshold"), "must be within [low, high] = [\(low), \(high)]")
                return nil
            }
            return .confidenceBand(low: low, high: high, threshold: peak)
        case .amountAbove:
            let fieldPath = requiredFieldPath(field, at: path, reader: &reader)
            let threshold = required("threshold", field, at: path, reader: &reader) { $2.number($0, at: $1, in: 0...1e15) }
            guard let fieldPath, let threshold else { return nil }
            return .amountAbove(field: fieldPath, threshold: threshold)
        case .irreversibleAction:
            let tools = required("tools", field, at: path, reader: &reader) { $2.strings($0, at: $1, nonEmpty: true) }
            return tools.map { .irreversibleAction(tools: Set($0)) }
        case .firstTimeTask:
            return .firstTimeTask
        case .contradiction:
            return requiredFieldPath(field, at: path, reader: &reader).map { .contradiction(field: $0) }
        case .category:
            guard let names = required("categories", field, at: path, reader: &reader, { $2.strings($0, at: $1, nonEmpty: true) }) else {
                return nil
            }
            var patterns: [CategoryPattern] = []
            for (index, name) in names.enumerated() {
                guard let pattern = CategoryPattern(name) else {
                    reader.fail(path.key("categories").index(index), "\"\(name)\" is not a category id or a wildcard like pii.* or *")
                    continue
                }
                patterns.append(pattern)
            }
            return .category(patterns: patterns)
        case .outputTokensAbove:
            let tokens = required("tokens", field, at: path, reader: &reader) { $2.integer($0, at: $1, in: 0...10_000_000) }
            return tokens.map { .outputTokensAbove(tokens: $0) }
        case .riskMatrix, .qualityGate, .toolPolicy, .handOff:
            return nil
        }
    }

    /// A required member parsed by `parse`; records "required" when it is absent.
    private static func required<T>(
        _ key: String, _ field: (String) -> ConfigValue?, at path: ConfigPath, reader: inout ConfigReader,
        _ parse: (ConfigValue, ConfigPath, inout ConfigReader) -> T?
    ) -> T? {
        guard let value = field(key) else {
            reader.fail(path.key(key), "required")
            return nil
        }
        return parse(value, path.key(key), &reader)
    }

    private static func requiredFieldPath(_ field: (String) -> ConfigValue?, at path: ConfigPath, reader: inout ConfigReader) -> JSONFieldPath? {
        guard let value = field("field") else {
            reader.fail(path.key("field"), "required: a dotted path into the answer or a tool call's arguments")
            return nil
        }
        guard let text = reader.string(value, at: path.key("field")) else { return nil }
        guard let parsed = JSONFieldPath(text) else {
            reader.fail(path.key("field"), "\"\(text)\" is not a dotted path like refund.amount")
            return nil
        }
        return parsed
    }
}
