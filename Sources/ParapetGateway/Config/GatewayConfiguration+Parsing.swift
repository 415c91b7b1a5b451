import ParapetCore

extension GatewayConfiguration {
    /// Parses the `gateway:` mapping; errors go to `reader`, each naming its path
    /// (`config.gateway.routes.chat.targets[1].provider: unknown provider "gpt5"`).
    public static func parse(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> GatewayConfiguration {
        var config = GatewayConfiguration()
        guard let entries = reader.map(value, at: path, allowed: Set(["providers", "routes", "circuit_breaker"]).union(governanceKeys)) else { return config }
        var routesValue: (ConfigValue, ConfigPath)?
        var budgetsValue: (ConfigValue, ConfigPath)?
        for entry in entries {
            switch entry.key {
            case "providers":
                guard let providers = reader.map(entry.value, at: path.key("providers")) else { continue }
                for provider in providers {
                    let p = path.key("providers").key(provider.key)
                    if let parsed = parseProvider(provider.key, provider.value, at: p, reader: &reader) {
                        config.providers[provider.key] = parsed
                    }
                }
            case "routes":
                routesValue = (entry.value, path.key("routes"))
            case "budgets":
                budgetsValue = (entry.value, path.key("budgets"))
            case "circuit_breaker":
                config.circuitBreaker = parseBreaker(entry.value, at: path.key("circuit_breaker"), reader: &reader)
            default:
                parseGovernance(entry.key, entry.value, at: path.key(entry.key), into: &config, reader: &reader)
            }
        }
        // Routes after providers, so targets can be checked against them in any key order.
        if let (value, routesPath) = routesValue, let routes = reader.map(value, at: routesPath) {
            for route in routes {
                let p = routesPath.key(route.key)
                if let parsed = parseRoute(route.key, route.value, at: p, providers: config.providers, reader: &reader) {
                    config.routes[route.key] = parsed
                    config.routeOrder.append(route.key)
                }
            }
        }
        // Budgets after routes, so a downgrade route can be checked.
        if let (value, budgetsPath) = budgetsValue {
            parseGovernance("budgets", value, at: budgetsPath, into: &config, reader: &reader)
        }
        checkGovernanceReferences(config, at: path, reader: &reader)
        checkQualityReferences(config, at: path, reader: &reader)
        return config
    }

    static func parseProvider(_ name: String, _ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> ProviderConfiguration? {
        let allowed: Set<String> = ["kind", "base_url", "api_key_env", "connect_timeout_ms", "first_token_timeout_ms", "total_timeout_ms", "headers"]
        guard let entries = reader.map(value, at: path, allowed: allowed) else { return nil }
        guard let kindValue = entries.first(where: { $0.key == "kind" })?.value else {
            reader.fail(path.key("kind"), "required (one of: openai, anthropic, mock)")
            return nil
        }
        guard let kind: ProviderConfiguration.Kind = reader.enumeration(kindValue, at: path.key("kind"), kind: "provider kind") else { return nil }
        var provider = ProviderConfiguration(name: name, kind: kind, baseURL: "")
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "base_url":
                if let url = reader.string(entry.value, at: p) {
                    if url.hasPrefix("http://") || url.hasPrefix("https://") {
                        provider.baseURL = url.hasSuffix("/") ? String(url.dropLast()) : url
                    } else {
                        reader.fail(p, "must start with http:// or https://, got \"\(url)\"")
                    }
                }
            case "api_key_env": provider.apiKeyEnv = reader.string(entry.value, at: p)
            case "connect_timeout_ms": provider.connectTimeout = milliseconds(entry.value, at: p, reader: &reader) ?? provider.connectTimeout
            case "first_token_timeout_ms": provider.firstTokenTimeout = milliseconds(entry.value, at: p, reader: &reader) ?? provider.firstTokenTimeout
            case "total_timeout_ms": provider.totalTimeout = milliseconds(entry.value, at: p, reader: &reader) ?? provider.totalTimeout
            case "headers":
                guard let headers = reader.map(entry.value, at: p) else { continue }
                for header in headers {
                    if let text = reader.string(header.value, at: p.key(header.key)) { provider.headers[header.key] = text }
                }
            default: break
            }
        }
        if kind != .mock, provider.baseURL.isEmpty {
            reader.fail(path.key("base_url"), "required for a provider of kind \(kind.rawValue)")
        }
        return provider
    }

    static func parseRoute(
        _ name: String, _ value: ConfigValue, at path: ConfigPath, providers: [String: ProviderConfiguration], reader: inout ConfigReader
    ) -> RouteConfiguration? {
        let allowed: Set<String> = [
            "targets", "deadline_ms", "max_attempts", "stream_guard", "stream_window", "stream_overlap", "fail_mode",
            "guard_timeout_ms", "policy", "retry",
        ]
        guard let entries = reader.map(value, at: path, allowed: allowed.union(routeGovernanceKeys).union(routeQualityKeys)) else { return nil }
        guard let targetsValue = entries.first(where: { $0.key == "targets" })?.value else {
            reader.fail(path.key("targets"), "required: a list of {provider, model}")
            return nil
        }
        let targets = parseTargets(targetsValue, at: path.key("targets"), providers: providers, reader: &reader)
        var route = RouteConfiguration(name: name, targets: targets)
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "deadline_ms": route.deadline = milliseconds(entry.value, at: p, reader: &reader) ?? route.deadline
            case "max_attempts": route.maxAttempts = reader.integer(entry.value, at: p, in: 1...20) ?? route.maxAttempts
            case "stream_guard": route.streamGuard = reader.enumeration(entry.value, at: p, kind: "stream guard mode") ?? route.streamGuard
            case "stream_window": route.streamWindow = reader.integer(entry.value, at: p, in: 16...65_536) ?? route.streamWindow
            case "stream_overlap": route.streamOverlap = reader.integer(entry.value, at: p, in: 0...65_536) ?? route.streamOverlap
            case "fail_mode": route.failMode = reader.enumeration(entry.value, at: p, kind: "fail mode") ?? route.failMode
            case "guard_timeout_ms": route.guardTimeout = milliseconds(entry.value, at: p, reader: &reader) ?? route.guardTimeout
            case "policy": route.policy = reader.string(entry.value, at: p) ?? route.policy
            case "retry": route.retry = parseRetry(entry.value, at: p, reader: &reader)
            case "validation", "confidence", "grounding", "review": parseRouteQuality(entry.key, entry.value, at: p, into: &route, reader: &reader)
            default: parseRouteGovernance(entry.key, entry.value, at: p, into: &route, reader: &reader)
            }
        }
        if route.streamOverlap > route.streamWindow {
            reader.fail(path.key("stream_overlap"), "must not exceed stream_window (\(route.streamWindow))")
        }
        return targets.isEmpty ? nil : route
    }

    static func parseTargets(
        _ value: ConfigValue, at path: ConfigPath, providers: [String: ProviderConfiguration], reader: inout ConfigReader
    ) -> [RouteConfiguration.Target] {
        guard let items = reader.list(value, at: path) else { return [] }
        if items.isEmpty { reader.fail(path, "must not be empty") }
        var targets: [RouteConfiguration.Target] = []
        var ids: Set<String> = []
        for (index, item) in items.enumerated() {
            let p = path.index(index)
            guard let entries = reader.map(item, at: p, allowed: ["provider", "model", "weight", "context_window", "input_price", "output_price", "cached_input_price"]) else { continue }
            var provider: String?
            var model: String?
            var weight = 1
            var window: Int?
            var prices: [String: Double] = [:]
            for entry in entries {
                switch entry.key {
                case "provider": provider = reader.string(entry.value, at: p.key("provider"))
                case "model": model = reader.string(entry.value, at: p.key("model"))
                case "weight": weight = reader.integer(entry.value, at: p.key("weight"), in: 0...1_000) ?? weight
                case "context_window": window = reader.integer(entry.value, at: p.key("context_window"), in: 1...100_000_000)
                case "input_price", "output_price", "cached_input_price":
                    prices[entry.key] = reader.number(entry.value, at: p.key(entry.key), in: 0...1_000_000)
                default: break
                }
            }
            guard let provider else { reader.fail(p.key("provider"), "required"); continue }
            guard let model, !model.isEmpty else { reader.fail(p.key("model"), "required"); continue }
            guard providers[provider] != nil else {
                let known = providers.keys.sorted().joined(separator: ", ")
                reader.fail(p.key("provider"), "unknown provider \"\(provider)\"" + (known.isEmpty ? " (no providers are configured)" : " (configured: \(known))"))
                continue
            }
            var target = RouteConfiguration.Target(provider: provider, model: model, weight: weight, contextWindow: window)
            target.inputPricePerMillion = prices["input_price"]
            target.outputPricePerMillion = prices["output_price"]
            target.cachedInputPricePerMillion = prices["cached_input_price"]
            guard ids.insert(target.id).inserted else { reader.fail(p, "duplicate target \(target.id)"); continue }
            targets.append(target)
        }
        if !targets.isEmpty, targets.allSatisfy({ $0.weight == 0 }) {
            reader.fail(path, "at least one target needs a weight above 0")
        }
        return targets
    }

    static func milliseconds(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> Duration? {
        reader.integer(value, at: path, in: 1...3_600_000).map { .milliseconds($0) }
    }
}
