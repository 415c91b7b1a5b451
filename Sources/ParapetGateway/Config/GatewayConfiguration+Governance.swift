import ParapetCore

/// Parsing of the governance settings:
///
/// ```yaml
/// gateway:
///   prices:                         # USD per 1M tokens, by upstream model
///     gpt-4o-mini: { input: 0.15, output: 0.6, cached_input: 0.075, reasoning: 0.6 }
///   budgets:
///     - { name: key-daily, scope: key, period: day, tokens: 2000000, cost_usd: 20 }
///     - { name: user-monthly, scope: user, period: month, cost_usd: 5, on_exceed: downgrade, downgrade_route: mini }
///   key_rate_limit: { requests_per_minute: 600, tokens_per_minute: 200000 }
///   sessions: { max_turns: 20, max_calls_per_minute: 30, on_limit: refuse }   # refuse | review
///   idempotency: { ttl_s: 86400, wait_ms: 30000 }
///   routes:
///     chat:
///       max_output_tokens: 4096     # reserved when a request sets no max_tokens
///       rate_limit: { requests_per_minute: 1200, tokens_per_minute: 500000 }
///       cache: { ttl_s: 300, max_temperature: 0.1 }
///       semantic_cache: { embeddings_route: embed, threshold: 0.95, max_entries: 1000, ttl_s: 3600 }
///       degrade: { route: mini, cached: true, reply: "We are busy; please try again shortly.", escalate: false }
/// ```
extension GatewayConfiguration {
    static let governanceKeys: Set<String> = ["prices", "budgets", "key_rate_limit", "sessions", "idempotency"]
    static let routeGovernanceKeys: Set<String> = ["max_output_tokens", "rate_limit", "cache", "semantic_cache", "degrade"]

    /// One top-level governance entry (the caller has checked the key is allowed).
    static func parseGovernance(_ key: String, _ value: ConfigValue, at path: ConfigPath, into config: inout GatewayConfiguration, reader: inout ConfigReader) {
        switch key {
        case "prices":
            guard let models = reader.map(value, at: path) else { return }
            for model in models {
                if let price = parsePrice(model.value, at: path.key(model.key), reader: &reader) { config.prices[model.key] = price }
            }
        case "budgets":
            guard let items = reader.list(value, at: path) else { return }
            var names: Set<String> = []
            for (index, item) in items.enumerated() {
                guard let rule = parseBudget(item, at: path.index(index), reader: &reader) else { continue }
                guard names.insert(rule.name).inserted else {
                    reader.fail(path.index(index).key("name"), "duplicate budget name \"\(rule.name)\"")
                    continue
                }
                if case .downgrade(let route) = rule.onExceed, config.routes[route] == nil {
                    reader.fail(path.index(index).key("downgrade_route"), "unknown route \"\(route)\"")
                }
                config.budgets.append(rule)
            }
        case "key_rate_limit":
            config.keyRateLimit = parseRateLimit(value, at: path, reader: &reader)
        case "sessions":
            config.sessions = parseSessions(value, at: path, reader: &reader)
        case "idempotency":
            guard let entries = reader.map(value, at: path, allowed: ["ttl_s", "wait_ms"]) else { return }
            for entry in entries {
                let p = path.key(entry.key)
                switch entry.key {
                case "ttl_s": config.idempotency.ttl = reader.integer(entry.value, at: p, in: 1...(30 * 86_400)).map { .seconds($0) } ?? config.idempotency.ttl
                case "wait_ms": config.idempotency.wait = milliseconds(entry.value, at: p, reader: &reader) ?? config.idempotency.wait
                default: break
                }
            }
        default:
            break
        }
    }

    static func parseRouteGovernance(_ key: String, _ value: ConfigValue, at path: ConfigPath, into route: inout RouteConfiguration, reader: inout ConfigReader) {
        switch key {
        case "max_output_tokens": route.maxOutputTokens = reader.integer(value, at: path, in: 1...10_000_000) ?? route.maxOutputTokens
        case "rate_limit": route.rateLimit = parseRateLimit(value, at: path, reader: &reader)
        case "cache":
            var cache = CacheSettings()
            guard let entries = reader.map(value, at: path, allowed: ["ttl_s", "max_temperature"]) else { return }
            for entry in entries {
                let p = path.key(entry.key)
                switch entry.key {
                case "ttl_s": cache.ttl = reader.integer(entry.value, at: p, in: 1...(365 * 86_400)).map { .seconds($0) } ?? cache.ttl
                case "max_temperature": cache.maxTemperature = reader.number(entry.value, at: p, in: 0...2) ?? cache.maxTemperature
                default: break
                }
            }
            route.cache = cache
        case "semantic_cache":
            let allowed: Set<String> = ["embeddings_route", "threshold", "max_entries", "ttl_s"]
            guard let entries = reader.map(value, at: path, allowed: allowed) else { return }
            guard let embeddings = entries.first(where: { $0.key == "embeddings_route" }).flatMap({ reader.string($0.value, at: path.key("embeddings_route")) }) else {
                reader.fail(path.key("embeddings_route"), "required: the route that computes embeddings")
                return
            }
            var semantic = SemanticCacheSettings(embeddingsRoute: embeddings)
            for entry in entries {
                let p = path.key(entry.key)
                switch entry.key {
                case "threshold": semantic.threshold = reader.number(entry.value, at: p, in: 0.5...1) ?? semantic.threshold
                case "max_entries": semantic.maxEntries = reader.integer(entry.value, at: p, in: 1...1_000_000) ?? semantic.maxEntries
                case "ttl_s": semantic.ttl = reader.integer(entry.value, at: p, in: 1...(365 * 86_400)).map { .seconds($0) } ?? semantic.ttl
                default: break
                }
            }
            route.semanticCache = semantic
        case "degrade":
            var degrade = DegradationSettings()
            guard let entries = reader.map(value, at: path, allowed: ["route", "cached", "reply", "escalate"]) else { return }
            for entry in entries {
                let p = path.key(entry.key)
                switch entry.key {
                case "route": degrade.route = reader.string(entry.value, at: p)
                case "cached": degrade.cached = reader.bool(entry.value, at: p) ?? degrade.cached
                case "reply":
                    if let reply = reader.string(entry.value, at: p) {
                        if reply.isEmpty { reader.fail(p, "must not be empty") } else { degrade.reply = reply }
                    }
                case "escalate": degrade.escalate = reader.bool(entry.value, at: p) ?? degrade.escalate
                default: break
                }
            }
            route.degrade = degrade
        default:
            break
        }
    }

    /// Checks that every route a governance setting names exists.
    static func checkGovernanceReferences(_ config: GatewayConfiguration, at path: ConfigPath, reader: inout ConfigReader) {
        func check(_ name: String, _ p: ConfigPath) {
            if config.routes[name] == nil { reader.fail(p, "unknown route \"\(name)\"") }
        }
        for name in config.routeOrder {
            guard let route = config.routes[name] else { continue }
            let p = path.key("routes").key(name)
            if let target = route.degrade?.route {
                if target == name { reader.fail(p.key("degrade").key("route"), "must name another route") } else { check(target, p.key("degrade").key("route")) }
            }
            if let semantic = route.semanticCache { check(semantic.embeddingsRoute, p.key("semantic_cache").key("embeddings_route")) }
        }
        // A cost budget needs the price of every target a call can run on.
        if config.budgets.contains(where: { $0.costNanos != nil }) {
            for name in config.routeOrder {
                guard let route = config.routes[name] else { continue }
                for (index, target) in route.targets.enumerated() where config.price(of: target) == nil {
                    reader.fail(
                        path.key("routes").key(name).key("targets").index(index),
                        "a budget limits cost, so \(target.id) needs input_price and output_price (or gateway.prices.\(target.model))")
                }
            }
        }
    }

    static func parsePrice(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ModelPrice? {
        guard let entries = reader.map(value, at: path, allowed: ["input", "output", "cached_input", "reasoning"]) else { return nil }
        var prices: [String: Double] = [:]
        for entry in entries {
            prices[entry.key] = reader.number(entry.value, at: path.key(entry.key), in: 0...1_000_000)
        }
        guard let input = prices["input"], let output = prices["output"] else {
            reader.fail(path, "needs input and output (USD per 1M tokens)")
            return nil
        }
        return ModelPrice(usdPerMillionInput: input, output: output, cachedInput: prices["cached_input"], reasoning: prices["reasoning"])
    }

    static func parseBudget(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> BudgetRule? {
        let allowed: Set<String> = ["name", "scope", "period", "tokens", "cost_usd", "on_exceed", "downgrade_route"]
        guard let entries = reader.map(value, at: path, allowed: allowed) else { return nil }
        guard let scopeValue = entries.first(where: { $0.key == "scope" })?.value else {
            reader.fail(path.key("scope"), "required (one of: key, user, session, feature)")
            return nil
        }
        guard let scope: BudgetRule.Scope = reader.enumeration(scopeValue, at: path.key("scope"), kind: "budget scope") else { return nil }
        let name = entries.first(where: { $0.key == "name" }).flatMap { reader.string($0.value, at: path.key("name")) }
        var rule = BudgetRule(name: name ?? scope.rawValue, scope: scope)
        var onExceed = "reject"
        var downgradeRoute: String?
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "period": rule.period = reader.enumeration(entry.value, at: p, kind: "budget period") ?? rule.period
            case "tokens": rule.tokens = reader.integer(entry.value, at: p, in: 1...Int.max).map(Int64.init)
            case "cost_usd": rule.costNanos = reader.number(entry.value, at: p, in: 0.000001...1_000_000_000).map { Int64(($0 * 1e9).rounded()) }
            case "on_exceed": onExceed = reader.string(entry.value, at: p) ?? onExceed
            case "downgrade_route": downgradeRoute = reader.string(entry.value, at: p)
            default: break
            }
        }
        if rule.name.isEmpty || rule.name.contains("/") { reader.fail(path.key("name"), "must be non-empty and without \"/\"") }
        if rule.tokens == nil, rule.costNanos == nil { reader.fail(path, "needs tokens, cost_usd or both") }
        switch onExceed {
        case "reject":
            if downgradeRoute != nil { reader.fail(path.key("downgrade_route"), "only with on_exceed: downgrade") }
        case "downgrade":
            if let downgradeRoute { rule.onExceed = .downgrade(route: downgradeRoute) } else { reader.fail(path.key("downgrade_route"), "required with on_exceed: downgrade") }
        default:
            reader.fail(path.key("on_exceed"), "must be reject or downgrade, got \"\(onExceed)\"")
        }
        return rule
    }

    static func parseRateLimit(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> RateLimit {
        var limit = RateLimit()
        guard let entries = reader.map(value, at: path, allowed: ["requests_per_minute", "tokens_per_minute"]) else { return limit }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "requests_per_minute": limit.requestsPerMinute = reader.integer(entry.value, at: p, in: 1...100_000_000)
            case "tokens_per_minute": limit.tokensPerMinute = reader.integer(entry.value, at: p, in: 1...Int(Int32.max))
            default: break
            }
        }
        return limit
    }

    static func parseSessions(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> SessionLimits {
        var limits = SessionLimits()
        guard let entries = reader.map(value, at: path, allowed: ["max_turns", "max_calls_per_minute", "on_limit"]) else { return limits }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "max_turns":
                if case .null = entry.value { limits.maxTurns = nil } else { limits.maxTurns = reader.integer(entry.value, at: p, in: 1...1_000_000) ?? limits.maxTurns }
            case "max_calls_per_minute": limits.maxCallsPerMinute = reader.integer(entry.value, at: p, in: 1...1_000_000)
            case "on_limit": limits.onLimit = reader.enumeration(entry.value, at: p, kind: "session limit outcome") ?? limits.onLimit
            default: break
            }
        }
        return limits
    }
}
