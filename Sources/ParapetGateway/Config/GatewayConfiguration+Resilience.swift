import ParapetCore

/// Parsing of the resilience settings:
///
/// ```yaml
/// gateway:
///   circuit_breaker:            # one breaker per target, these settings for all
///     window_ms: 30000
///     minimum_calls: 10
///     failure_ratio: 0.5
///     quality_failures: 3       # consecutive malformed answers (HTTP 200) that trip it
///     open_ms: 30000            # doubles on each re-open, up to max_open_ms
///     max_open_ms: 300000
///     half_open_probes: 1
///     successes_to_close: 2
///   routes:
///     chat:
///       retry:                  # per error class; unnamed classes keep the defaults
///         rate_limited: { retries: 2, backoff_ms: 1000, backoff_cap_ms: 60000, max_retry_after_ms: 20000, then: next_target }
///         content_filter: { then: next_target }   # default: fail
/// ```
extension GatewayConfiguration {
    static func parseBreaker(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> CircuitBreaker.Configuration {
        var config = CircuitBreaker.Configuration()
        let allowed: Set<String> = [
            "window_ms", "buckets", "minimum_calls", "failure_ratio", "quality_failures", "open_ms", "max_open_ms", "half_open_probes",
            "successes_to_close",
        ]
        guard let entries = reader.map(value, at: path, allowed: allowed) else { return config }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "window_ms": config.window = milliseconds(entry.value, at: p, reader: &reader) ?? config.window
            case "buckets": config.buckets = reader.integer(entry.value, at: p, in: 1...1_000) ?? config.buckets
            case "minimum_calls": config.minimumCalls = reader.integer(entry.value, at: p, in: 1...1_000_000) ?? config.minimumCalls
            case "failure_ratio": config.failureRatio = reader.number(entry.value, at: p, in: 0.01...1) ?? config.failureRatio
            case "quality_failures": config.consecutiveQualityFailures = reader.integer(entry.value, at: p, in: 1...1_000) ?? config.consecutiveQualityFailures
            case "open_ms": config.openDuration = milliseconds(entry.value, at: p, reader: &reader) ?? config.openDuration
            case "max_open_ms": config.maxOpenDuration = milliseconds(entry.value, at: p, reader: &reader) ?? config.maxOpenDuration
            case "half_open_probes": config.halfOpenProbes = reader.integer(entry.value, at: p, in: 1...1_000) ?? config.halfOpenProbes
            case "successes_to_close": config.successesToClose = reader.integer(entry.value, at: p, in: 1...1_000) ?? config.successesToClose
            default: break
            }
        }
        if !entries.contains(where: { $0.key == "max_open_ms" }) {
            config.maxOpenDuration = max(config.maxOpenDuration, config.openDuration)
        }
        do {
            return try config.validated(at: path)
        } catch {
            for problem in error.errors { reader.fail(problem.path, problem.message) }
            return config
        }
    }

    static func parseRetry(_ value: ConfigValue, at path: ConfigPath, reader: inout ConfigReader) -> RetryPolicy {
        var policy = RetryPolicy.standard
        guard let entries = reader.map(value, at: path) else { return policy }
        for entry in entries {
            let p = path.key(entry.key)
            let key = entry.key == "context_length" ? "context_length_exceeded" : entry.key
            guard let kind = ProviderError.Kind(rawValue: key) else {
                let options = ProviderError.Kind.allCases.map(\.rawValue).joined(separator: ", ")
                reader.fail(p, "unknown error class (expected one of: \(options))")
                continue
            }
            policy[kind] = parseRule(entry.value, at: p, base: policy[kind], reader: &reader)
        }
        return policy
    }

    static func parseRule(_ value: ConfigValue, at path: ConfigPath, base: RetryRule, reader: inout ConfigReader) -> RetryRule {
        var rule = base
        guard let entries = reader.map(value, at: path, allowed: ["retries", "backoff_ms", "backoff_cap_ms", "max_retry_after_ms", "then"]) else { return rule }
        for entry in entries {
            let p = path.key(entry.key)
            switch entry.key {
            case "retries": rule.sameTargetRetries = reader.integer(entry.value, at: p, in: 0...10) ?? rule.sameTargetRetries
            case "backoff_ms": rule.backoff.base = milliseconds(entry.value, at: p, reader: &reader) ?? rule.backoff.base
            case "backoff_cap_ms": rule.backoff.cap = milliseconds(entry.value, at: p, reader: &reader) ?? rule.backoff.cap
            case "max_retry_after_ms":
                rule.maxRetryAfter = reader.integer(entry.value, at: p, in: 0...3_600_000).map { .milliseconds($0) } ?? rule.maxRetryAfter
            case "then": rule.then = reader.enumeration(entry.value, at: p, kind: "escalation") ?? rule.then
            default: break
            }
        }
        // A rule that gains retries keeps a sensible backoff.
        if rule.sameTargetRetries > 0 && rule.backoff.cap <= .zero {
            rule.backoff = Backoff(base: .milliseconds(200), cap: .seconds(5))
        }
        if rule.backoff.cap < rule.backoff.base { rule.backoff.cap = rule.backoff.base }
        do {
            return try rule.validated(at: path)
        } catch {
            for problem in error.errors { reader.fail(problem.path, problem.message) }
            return rule
        }
    }
}
