import ParapetCore

extension ToolPolicy {
    /// The key of the entry for undeclared tools (not a valid function name in any provider API).
    public static let unknownToolKey = "*"

    static let toolKeys: Set<String> = [
        "parameters", "risk", "roles", "limits", "counters", "flagged", "over_limit", "default", "enabled", "description",
    ]

    /// Parses the value of the `tools:` section, recording every problem (with its dotted path)
    /// in `reader`; the result holds whatever parsed, so check `reader.errors` before using it.
    public static func parse(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolPolicy {
        var policy = ToolPolicy()
        guard let entries = reader.map(value, at: path) else { return policy }
        for entry in entries {
            let toolPath = path.key(entry.key)
            if entry.key == unknownToolKey {
                policy.unknownTool = parseUnknownTool(entry.value, at: toolPath, reader: &reader)
                continue
            }
            guard !entry.key.isEmpty else {
                reader.fail(toolPath, "a tool name must not be empty")
                continue
            }
            if let rule = parseTool(entry.key, entry.value, at: toolPath, reader: &reader) {
                policy.tools[entry.key] = rule
            }
        }
        return policy
    }

    static func parseUnknownTool(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolDecisionOutcome {
        guard let entries = reader.map(value, at: path, allowed: ["default"]) else { return .deny }
        guard let entry = entries.first(where: { $0.key == "default" }) else {
            reader.fail(path.key("default"), "required: the outcome for undeclared tools (deny, review or allow)")
            return .deny
        }
        return reader.enumeration(entry.value, at: path.key("default"), kind: "outcome") ?? .deny
    }

    static func parseTool(_ name: String, _ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolRule? {
        guard let entries = reader.map(value, at: path, allowed: toolKeys) else { return nil }
        var rule = ToolRule(name: name)
        // Roles and the schema first: limits and flagged lists are checked against them.
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "roles": rule.roles = reader.strings(entry.value, at: p, nonEmpty: true).map(Set.init)
            case "parameters": (rule.parameters, rule.validator) = parseSchema(entry.value, at: p, reader: &reader)
            default: break
            }
        }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "risk": rule.risk = parseRisk(entry.value, at: p, reader: &reader)
            case "limits": rule.limits = parseLimits(entry.value, at: p, rule: rule, reader: &reader)
            case "counters": rule.counters = parseCounters(entry.value, at: p, tool: name, reader: &reader)
            case "flagged": rule.flagged = parseFlagged(entry.value, at: p, rule: rule, reader: &reader)
            case "over_limit": rule.overLimit = parseEscalation(entry.value, at: p, reader: &reader) ?? rule.overLimit
            case "default": rule.defaultOutcome = reader.enumeration(entry.value, at: p, kind: "outcome") ?? rule.defaultOutcome
            case "enabled": rule.enabled = reader.bool(entry.value, at: p) ?? rule.enabled
            case "description": _ = reader.string(entry.value, at: p)
            default: break
            }
        }
        return rule
    }

    static func parseSchema(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> (JSON?, JSONSchemaValidator?) {
        guard let schema = json(value, at: path, reader: &reader) else { return (nil, nil) }
        do {
            return (schema, try JSONSchemaValidator(schema: schema))
        } catch {
            reader.fail(path, "not a usable JSON Schema: \(error)")
            return (nil, nil)
        }
    }

    static func parseRisk(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolRisk {
        var risk = ToolRisk()
        guard let entries = reader.map(value, at: path, allowed: ["irreversible", "blast_radius", "compliance"]) else { return risk }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "irreversible": risk.irreversible = reader.bool(entry.value, at: p) ?? risk.irreversible
            case "blast_radius": risk.blastRadius = reader.enumeration(entry.value, at: p, kind: "blast radius") ?? risk.blastRadius
            case "compliance": risk.compliance = reader.enumeration(entry.value, at: p, kind: "compliance exposure") ?? risk.compliance
            default: break
            }
        }
        return risk
    }

    /// deny or review: the outcomes a failed rule may ask for.
    static func parseEscalation(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolDecisionOutcome? {
        guard let outcome: ToolDecisionOutcome = reader.enumeration(value, at: path, kind: "outcome") else { return nil }
        guard outcome != .allow else {
            reader.fail(path, "must be deny or review")
            return nil
        }
        return outcome
    }

    static func parseLimits(_ value: ConfigValue, at path: ConfigPath, rule: ToolRule, reader: inout ConfigReader) -> [ToolArgumentLimit] {
        guard let items = reader.list(value, at: path) else { return [] }
        var limits: [ToolArgumentLimit] = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let entries = reader.map(item, at: itemPath, allowed: ["role", "argument", "max"]) else { continue }
            var role: String?
            if let entry = entries.first(where: { $0.key == "role" }), let name = reader.string(entry.value, at: itemPath.key("role")) {
                if let roles = rule.roles, !roles.contains(name) {
                    reader.fail(itemPath.key("role"), "\"\(name)\" is not one of the tool's roles (\(roles.sorted().joined(separator: ", ")))")
                }
                role = name
            }
            let argument = requiredArgument(entries, at: itemPath, rule: rule, reader: &reader)
            var maximum: SchemaNumber?
            if let entry = entries.first(where: { $0.key == "max" }) {
                maximum = number(entry.value, at: itemPath.key("max"), reader: &reader)
            } else {
                reader.fail(itemPath.key("max"), "required: the largest allowed value")
            }
            guard let argument, let maximum else { continue }
            if limits.contains(where: { $0.role == role && $0.argument == argument }) {
                reader.fail(itemPath, "a second limit on \(argument) for \(role.map { "role \($0)" } ?? "every role")")
                continue
            }
            limits.append(ToolArgumentLimit(role: role, argument: argument, maximum: maximum))
        }
        return limits
    }

    static func parseCounters(_ value: ConfigValue, at path: ConfigPath, tool: String, reader: inout ConfigReader) -> [ToolCounterRule] {
        guard let items = reader.list(value, at: path) else { return [] }
        var counters: [ToolCounterRule] = []
        var names: Set<String> = []
        for (index, item) in items.enumerated() {
            let itemPath = path.index(index)
            guard let entries = reader.map(item, at: itemPath, allowed: ["name", "per", "window_s", "max"]) else { continue }
            func field(_ key: String, _ what: String) -> ConfigValue? {
                guard let entry = entries.first(where: { $0.key == key }) else {
                    reader.fail(itemPath.key(key), "required: \(what)")
                    return nil
                }
                return entry.value
            }
            let name = field("name", "the counter's name").flatMap { reader.string($0, at: itemPath.key("name")) }
            if let name, !names.insert(name).inserted { reader.fail(itemPath.key("name"), "duplicate counter \"\(name)\"") }
            let scope: ToolCounterRule.Scope? = field("per", "user or tenant").flatMap {
                reader.enumeration($0, at: itemPath.key("per"), kind: "counter scope")
            }
            let seconds = field("window_s", "the window in seconds").flatMap { reader.integer($0, at: itemPath.key("window_s"), in: 1...31_622_400) }
            let max = field("max", "the most calls per window").flatMap {
                reader.integer($0, at: itemPath.key("max"), in: 1...ToolCounterRule.maxLimit)
            }
            guard let name, let scope, let seconds, let max, !counters.contains(where: { $0.name == name }) else { continue }
            guard !name.isEmpty else {
                reader.fail(itemPath.key("name"), "must not be empty")
                continue
            }
            counters.append(
                ToolCounterRule(name: name, scope: scope, window: .seconds(seconds), max: max, storeKey: tool + "." + name))
        }
        return counters
    }

    static func parseFlagged(_ value: ConfigValue, at path: ConfigPath, rule: ToolRule, reader: inout ConfigReader) -> ToolFlaggedObjects? {
        guard let entries = reader.map(value, at: path, allowed: ["argument", "list", "outcome", "service"]) else { return nil }
        let argument = requiredArgument(entries, at: path, rule: rule, reader: &reader)
        var outcome = ToolDecisionOutcome.deny
        if let entry = entries.first(where: { $0.key == "outcome" }) {
            outcome = parseEscalation(entry.value, at: path.key("outcome"), reader: &reader) ?? outcome
        }
        var values: [JSON] = []
        var keys: Set<ToolObjectKey> = []
        if let entry = entries.first(where: { $0.key == "list" }), let items = reader.list(entry.value, at: path.key("list")) {
            for (index, item) in items.enumerated() {
                let itemPath = path.key("list").index(index)
                guard let value = json(item, at: itemPath, reader: &reader) else { continue }
                guard case .key(let key) = ToolObjectKey.lookup(value) else {
                    reader.fail(itemPath, "expected a number, a string or a boolean of at most \(ToolPolicyEngine.maxNumberLength) digits")
                    continue
                }
                values.append(value)
                keys.insert(key)
            }
        }
        var service: ToolPermissionService?
        if let entry = entries.first(where: { $0.key == "service" }) {
            service = parseService(entry.value, at: path.key("service"), reader: &reader)
        }
        if !entries.contains(where: { $0.key == "list" || $0.key == "service" }) {
            reader.fail(path.key("list"), "required: the flagged values (or a permission service, or both)")
        }
        guard let argument else { return nil }
        return ToolFlaggedObjects(argument: argument, values: values, outcome: outcome, service: service, keys: keys)
    }

    /// `{ url: http://perm.internal/check, timeout_ms: 50, on_error: deny }`.
    static func parseService(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ToolPermissionService? {
        guard let entries = reader.map(value, at: path, allowed: ["url", "timeout_ms", "on_error"]) else { return nil }
        var url: String?
        if let entry = entries.first(where: { $0.key == "url" }) {
            if let text = reader.string(entry.value, at: path.key("url")) {
                if isHTTPURL(text) { url = text } else { reader.fail(path.key("url"), "expected an http:// or https:// URL with a host, got \"\(text.prefix(64))\"") }
            }
        } else {
            reader.fail(path.key("url"), "required: where to ask (http:// or https://)")
        }
        var service = ToolPermissionService(url: url ?? "")
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "timeout_ms":
                if let milliseconds = reader.integer(entry.value, at: p, in: 1...ToolPermissionService.maxTimeoutMilliseconds) {
                    service.timeout = .milliseconds(milliseconds)
                }
            case "on_error": service.onError = reader.enumeration(entry.value, at: p, kind: "outcome") ?? service.onError
            default: break
            }
        }
        return url == nil ? nil : service
    }

    /// `http://host…` or `https://host…`: a scheme the client speaks, a non-empty host, no
    /// whitespace or control characters.
    static func isHTTPURL(_ text: String) -> Bool {
        let rest: Substring
        if text.hasPrefix("http://") {
            rest = text.dropFirst(7)
        } else if text.hasPrefix("https://") {
            rest = text.dropFirst(8)
        } else {
            return false
        }
        guard text.utf8.allSatisfy({ $0 > 0x20 && $0 != 0x7F }) else { return false }
        let host = rest.prefix { $0 != "/" && $0 != "?" && $0 != "#" }
        let name = host.split(separator: "@").last.map { $0.prefix { $0 != ":" } } ?? ""
        return !name.isEmpty || host.hasPrefix("[")
    }

    /// The `argument` field of a limit or flagged list: required, and one of the schema's
    /// declared properties when the schema declares any (a typo would silently never match).
    static func requiredArgument(_ entries: [ConfigValue.Entry], at path: ConfigPath, rule: ToolRule, reader: inout ConfigReader) -> String? {
        guard let entry = entries.first(where: { $0.key == "argument" }) else {
            reader.fail(path.key("argument"), "required: a top-level argument name")
            return nil
        }
        guard let name = reader.string(entry.value, at: path.key("argument")) else { return nil }
        guard !name.isEmpty else {
            reader.fail(path.key("argument"), "must not be empty")
            return nil
        }
        if case .object(let properties)? = rule.parameters?["properties"], properties[name] == nil {
            reader.fail(path.key("argument"), "\"\(name)\" is not a property of the tool's parameters (\(properties.keys.joined(separator: ", ")))")
        }
        return name
    }

    /// An exact decimal from an integer, a float (by its shortest round-trip text, which is what
    /// the author wrote for any sensible limit) or a string of JSON number text (`"0.1"`).
    static func number(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> SchemaNumber? {
        let text: String
        switch value {
        case .int(let i): text = String(i)
        case .double(let d) where d.isFinite: text = d.description
        case .string(let s): text = s
        default:
            reader.fail(path, "expected a finite number, got \(value.kindName)")
            return nil
        }
        guard text.utf8.count <= ToolPolicyEngine.maxNumberLength, let number = SchemaNumber(text) else {
            reader.fail(path, "expected a number, got \"\(text.prefix(64))\"")
            return nil
        }
        return number
    }

    /// A config tree as JSON (schemas and flagged values are JSON values).
    static func json(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> JSON? {
        switch value {
        case .null: return .null
        case .bool(let b): return .bool(b)
        case .int(let i): return .number(i)
        case .double(let d):
            guard d.isFinite else {
                reader.fail(path, "JSON has no infinities or NaN")
                return nil
            }
            return .number(d)
        case .string(let s): return .string(s)
        case .list(let items):
            var out: [JSON] = []
            out.reserveCapacity(items.count)
            for (index, item) in items.enumerated() {
                guard let element = json(item, at: path.index(index), reader: &reader) else { return nil }
                out.append(element)
            }
            return .array(out)
        case .map(let entries):
            var members: [(String, JSON)] = []
            members.reserveCapacity(entries.count)
            for entry in entries {
                guard let member = json(entry.value, at: path.key(entry.key), reader: &reader) else { return nil }
                members.append((entry.key, member))
            }
            return .object(JSONObject(members))
        }
    }
}
