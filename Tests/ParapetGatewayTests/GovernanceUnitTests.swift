import Foundation
import ParapetCore
import ParapetGuards
import ParapetStore
import Testing
@testable import ParapetGateway

@Suite struct GovernanceUnitTests {
    let start = ContinuousClock.now

    @Test func tokenBucketTakesRefillsAndNamesTheWait() {
        var bucket = TokenBucket(capacity: 60, period: .seconds(60), now: start)
        #expect(bucket.take(60, now: start) == .zero)
        let wait = bucket.take(1, now: start)
        #expect(wait == .seconds(1))
        #expect(bucket.take(1, now: start.advanced(by: .seconds(1))) == .zero)
        #expect(bucket.take(61, now: start.advanced(by: .seconds(600))) == nil, "more than the capacity never fits")
        bucket.refund(30, now: start.advanced(by: .seconds(600)))
        #expect(bucket.available <= 60)
    }

    @Test func rateLimiterRefusesAllOrNothingAndSettlesTheEstimate() {
        let limiter = RateLimiter()
        let key = RateLimiter.Subject(scope: "key", name: "k1", limit: RateLimit(requestsPerMinute: 2, tokensPerMinute: 1_000))
        let route = RateLimiter.Subject(scope: "route", name: "chat", limit: RateLimit(tokensPerMinute: 500))
        guard case .success(let first) = limiter.admit([key, route], estimatedTokens: 400, now: start) else {
            Issue.record("first call refused")
            return
        }
        // The route's tokens are short now; the key's request must not be taken either.
        guard case .failure(let refusal) = limiter.admit([key, route], estimatedTokens: 400, now: start) else {
            Issue.record("second call admitted past the route's tokens")
            return
        }
        #expect(refusal.scope == "route" && refusal.unit == "tokens")
        #expect(refusal.retryAfter != nil)
        // The first call used 40 tokens: 360 come back, so the next call fits.
        limiter.settle(first, actualTokens: 40, now: start)
        guard case .success = limiter.admit([key, route], estimatedTokens: 400, now: start) else {
            Issue.record("refused after the settlement returned tokens")
            return
        }
        guard case .failure(let third) = limiter.admit([key, route], estimatedTokens: 1, now: start) else {
            Issue.record("a third request in the minute passed a limit of 2")
            return
        }
        #expect(third.scope == "key" && third.unit == "requests")
    }

    @Test func sessionTrackerStopsLoopsPerTenant() {
        let tracker = SessionTracker()
        var limits = SessionLimits()
        limits.maxTurns = 3
        for turn in 1...3 {
            #expect((try? tracker.admit(tenant: "t1", session: "s", limits: limits, now: start).get()) == turn)
        }
        guard case .failure(let refusal) = tracker.admit(tenant: "t1", session: "s", limits: limits, now: start) else {
            Issue.record("fourth turn admitted")
            return
        }
        #expect(refusal.limit == .maxTurns)
        #expect((try? tracker.admit(tenant: "t2", session: "s", limits: limits, now: start).get()) == 1, "another tenant's session is another session")

        var perMinute = SessionLimits()
        perMinute.maxTurns = nil
        perMinute.maxCallsPerMinute = 2
        _ = tracker.admit(tenant: "t1", session: "fast", limits: perMinute, now: start)
        _ = tracker.admit(tenant: "t1", session: "fast", limits: perMinute, now: start.advanced(by: .seconds(10)))
        guard case .failure(let fast) = tracker.admit(tenant: "t1", session: "fast", limits: perMinute, now: start.advanced(by: .seconds(20))) else {
            Issue.record("third call in a minute admitted")
            return
        }
        #expect(fast.limit == .callsPerMinute && fast.retryAfter == .seconds(40))
        #expect((try? tracker.admit(tenant: "t1", session: "fast", limits: perMinute, now: start.advanced(by: .seconds(61))).get()) == 3)
    }

    @Test func cacheKeyIgnoresKeyOrderAndStreamingButNotContent() throws {
        let a = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","temperature":0,"messages":[{"role":"user","content":"hi"}]}"#.utf8)))
        let b = try ChatRequest(parsing: JSON.parse(Array(#"{"messages":[{"content":"hi","role":"user"}],"stream":true,"temperature":0,"model":"m","user":"u"}"#.utf8)))
        let c = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","temperature":0,"messages":[{"role":"user","content":"hi!"}]}"#.utf8)))
        let d = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","temperature":0,"seed":1,"messages":[{"role":"user","content":"hi"}]}"#.utf8)))
        #expect(CacheKey.make(route: "r", request: a) == CacheKey.make(route: "r", request: b))
        #expect(CacheKey.make(route: "r", request: a) != CacheKey.make(route: "r", request: c))
        #expect(CacheKey.make(route: "r", request: a) != CacheKey.make(route: "r", request: d))
        #expect(CacheKey.make(route: "r", request: a) != CacheKey.make(route: "other", request: a))
        #expect(CacheKey.make(route: "r", request: a).utf8.count == 64)
        #expect(CacheKey.isCacheable(a, maxTemperature: 0.1))
        let warm = try ChatRequest(parsing: JSON.parse(Array(#"{"model":"m","messages":[{"role":"user","content":"hi"}]}"#.utf8)))
        #expect(!CacheKey.isCacheable(warm, maxTemperature: 0.1), "no temperature means OpenAI's default of 1")
    }

    @Test func pricesAreExactInNanoDollars() {
        let price = ModelPrice(usdPerMillionInput: 0.15, output: 0.6, cachedInput: 0.075)
        #expect(price.input == 150 && price.output == 600 && price.cachedInput == 75 && price.reasoning == 600)
        // 1,000 input of which 400 cached, 200 output: 600×150 + 400×75 + 200×600 = 240,000 nUSD.
        #expect(price.cost(of: Usage(input: 1_000, output: 200, cached: 400)) == 240_000)
        #expect(price.worstCase(promptTokens: 1_000, outputTokens: 200) == 1_000 * 150 + 200 * 600)
        let reasoning = ModelPrice(usdPerMillionInput: 1, output: 4, reasoning: 8)
        #expect(reasoning.cost(of: Usage(input: 0, output: 100, reasoning: 30)) == 70 * 4_000 + 30 * 8_000)
    }

    @Test func budgetAccountsNameTenantScopeRuleSubjectAndPeriod() {
        var daily = BudgetRule(name: "daily", scope: .key)
        daily.tokens = 100
        var monthly = BudgetRule(name: "monthly", scope: .user)
        monthly.period = .month
        monthly.costNanos = 1_000
        var session = BudgetRule(name: "s", scope: .session)
        session.period = .total
        session.tokens = 5
        let subjects = BudgetSubjects(tenant: "t/1", keyID: "key_1", user: "a/b", session: nil, feature: nil)
        let date = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18
        let charges = BudgetPlan.charges([daily, monthly, session], subjects: subjects, at: date)
        #expect(charges.map(\.charge.account) == ["t%2F1/key/daily/key_1/day:2026-11-18", "t%2F1/user/monthly/a%2Fb/month:2026-11"])
        #expect(charges[0].charge.tokenLimit == 100 && charges[1].charge.costLimitNanos == 1_000)
        #expect(BudgetPlan.period(.day, Date(timeIntervalSince1970: 951_782_400)) == "day:2000-02-29")
        #expect(BudgetPlan.period(.day, Date(timeIntervalSince1970: -1)) == "day:1969-12-31")
    }

    @Test func semanticCacheFindsTheNearestAboveTheThresholdAndEvicts() {
        let cache = SemanticCache()
        cache.store(tenant: "t1", route: "r", vector: [1, 0, 0], body: Array("x".utf8), ttl: .seconds(60), maxEntries: 2, now: start)
        cache.store(tenant: "t1", route: "r", vector: [0, 1, 0], body: Array("y".utf8), ttl: .seconds(60), maxEntries: 2, now: start)
        let hit = cache.lookup(tenant: "t1", route: "r", vector: [0.99, 0.1, 0], threshold: 0.95, now: start)
        #expect(hit?.body == Array("x".utf8))
        #expect(cache.lookup(tenant: "t2", route: "r", vector: [1, 0, 0], threshold: 0.95, now: start) == nil, "tenants never share entries")
        #expect(cache.lookup(tenant: "t1", route: "r", vector: [0.7, 0.7, 0], threshold: 0.95, now: start) == nil)
        // A third entry evicts the least recently used ("y": "x" was just hit).
        cache.store(tenant: "t1", route: "r", vector: [0, 0, 1], body: Array("z".utf8), ttl: .seconds(60), maxEntries: 2, now: start)
        #expect(cache.lookup(tenant: "t1", route: "r", vector: [0, 1, 0], threshold: 0.95, now: start) == nil)
        #expect(cache.lookup(tenant: "t1", route: "r", vector: [1, 0, 0], threshold: 0.95, now: start.advanced(by: .seconds(61))) == nil, "expired")
        let stats = cache.stats()["r"]
        #expect(stats?.evictions == 1 && stats?.hits == 1 && stats?.lookups == 5)
    }

    @Test func governanceConfigurationParsesAndNamesEveryError() throws {
        let yaml = """
            prices:
              m1: { input: 1, output: 2 }
            budgets:
              - { name: daily, scope: key, tokens: 1000 }
              - { name: cheap, scope: user, period: month, cost_usd: 5, on_exceed: downgrade, downgrade_route: small }
            key_rate_limit: { requests_per_minute: 60 }
            sessions: { max_turns: 5, on_limit: review }
            idempotency: { ttl_s: 60, wait_ms: 500 }
            providers:
              p: { kind: mock }
            routes:
              big:
                targets: [{ provider: p, model: m1 }]
                cache: { ttl_s: 30 }
                degrade: { route: small, cached: true, reply: "busy", escalate: true }
                rate_limit: { tokens_per_minute: 10000 }
                max_output_tokens: 256
              small:
                targets: [{ provider: p, model: m1 }]
            """
        let config = try Self.parse(yaml)
        #expect(config.budgets.count == 2 && config.budgets[1].onExceed == .downgrade(route: "small"))
        #expect(config.budgets[1].costNanos == 5_000_000_000)
        #expect(config.keyRateLimit.requestsPerMinute == 60)
        #expect(config.sessions.maxTurns == 5 && config.sessions.onLimit == .review)
        #expect(config.idempotency.wait == .milliseconds(500))
        let big = try #require(config.routes["big"])
        #expect(big.cache?.ttl == .seconds(30) && big.degrade?.route == "small" && big.maxOutputTokens == 256 && big.rateLimit.tokensPerMinute == 10_000)

        let bad = """
            budgets:
              - { scope: planet, tokens: 1 }
              - { name: c, scope: key, cost_usd: 1, on_exceed: downgrade, downgrade_route: nowhere }
            providers:
              p: { kind: mock }
            routes:
              r:
                targets: [{ provider: p, model: unpriced }]
                degrade: { route: r }
            """
        do {
            _ = try Self.parse(bad)
            Issue.record("a bad governance section parsed")
        } catch let error as ConfigErrors {
            let text = error.errors.map(\.description).joined(separator: "\n")
            #expect(text.contains("gateway.budgets[0].scope"))
            #expect(text.contains("gateway.budgets[1].downgrade_route: unknown route \"nowhere\""))
            #expect(text.contains("gateway.routes.r.degrade.route: must name another route"))
            #expect(text.contains("gateway.routes.r.targets[0]: a budget limits cost"))
        }
    }

    static func parse(_ yaml: String) throws -> GatewayConfiguration {
        let value = try YAMLDocument.parse(yaml, root: "gateway")
        var reader = ConfigReader()
        let config = GatewayConfiguration.parse(value, at: "gateway", reader: &reader)
        if !reader.errors.isEmpty { throw ConfigErrors(reader.errors) }
        return config
    }
}
