import Foundation
import Hummingbird
import ParapetCore
import ParapetGateway
import ParapetStore

/// The gateway's governance: budgets, rate limits, loop breaker, caches and kill switches, with
/// the stores behind them. One per server; everything here is safe to share between requests.
public struct Governance: Sendable {
    public let ledger: any BudgetLedger
    public let cache: any ResponseCache
    public let idempotency: any IdempotencyStore
    public let switchStore: any SwitchStore
    public let switches: SwitchBoard
    public let rateLimiter: RateLimiter
    public let sessions: SessionTracker
    public let semantic: SemanticCache

    public init(stores: ParapetStores, switches: SwitchBoard = SwitchBoard()) {
        self.ledger = stores.budgets
        self.cache = stores.cache
        self.idempotency = stores.idempotency
        self.switchStore = stores.switches
        self.switches = switches
        self.rateLimiter = RateLimiter()
        self.sessions = SessionTracker()
        self.semantic = SemanticCache()
    }
}

/// A call refused by governance: the error, the audit outcome, and a retry hint.
struct GovernanceRefusal: Error {
    var error: APIError
    /// The audit record's `outcome` (`budget_exceeded`, `rate_limited`, …).
    var outcome: String
    var retryAfter: Duration?
    /// Set when the configured outcome is a person: the call becomes a review ticket (`202`)
    /// instead of this error; the text says why.
    var handOff: String?
}

/// A budget reservation held for one call.
struct BudgetHold: Sendable {
    var id: String
    var accounts: [String]
    var reserved: BudgetAmount
    /// The route the call runs on (a downgrade may have changed it).
    var route: RouteConfiguration
    /// The route the client named, when a budget moved the call to a cheaper one.
    var downgradedFrom: String?
}

/// What governance did to a call, for its audit record and headers.
struct GovernanceNote: Sendable {
    /// `hit`, `miss`, `semantic_hit`, or nil when the route has no cache or the request is not cacheable.
    var cache: String?
    var similarity: Double?
    var sessionTurn: Int?
    var budgetAccounts: [String] = []
    var reserved: BudgetAmount?
    var settled: BudgetAmount?
    var usageEstimated = false
    var downgradedFrom: String?
    /// The degradation chain's steps, in order (`route:mini`, `cached`, `static_reply`, `escalate`).
    var degraded: [String] = []
    var idempotencyKey: String?

    func write(to json: inout JSONWriter) {
        json.key("governance")
        json.raw("{")
        json.key("cache", first: true)
        json.string(cache)
        json.key("similarity")
        if let similarity { json.double(similarity) } else { json.null() }
        json.key("session_turn")
        if let sessionTurn { json.int(sessionTurn) } else { json.null() }
        json.key("budget_accounts")
        json.raw("[")
        for (i, account) in budgetAccounts.enumerated() {
            if i > 0 { json.raw(",") }
            json.string(account)
        }
        json.raw("]")
        json.key("reserved")
        Self.amount(reserved, &json)
        json.key("settled")
        Self.amount(settled, &json)
        json.key("usage_estimated")
        json.bool(usageEstimated)
        json.key("downgraded_from")
        json.string(downgradedFrom)
        json.key("degraded")
        json.raw("[")
        for (i, step) in degraded.enumerated() {
            if i > 0 { json.raw(",") }
            json.string(step)
        }
        json.raw("]")
        json.key("idempotency_key")
        json.string(idempotencyKey)
        json.raw("}")
    }

    static func amount(_ amount: BudgetAmount?, _ json: inout JSONWriter) {
        guard let amount else { return json.null() }
        json.raw("{")
        json.key("tokens", first: true)
        json.int(Int(amount.tokens))
        json.key("cost_usd")
        json.double(Double(amount.costNanos) / 1e9)
        json.raw("}")
    }
}

extension Governance {
    /// Route and tool kill switches, before anything else happens.
    func checkSwitches(_ request: ChatRequest, route: RouteConfiguration, tenant: String) -> GovernanceRefusal? {
        let active = switches.switches(tenant: tenant)
        if active.routes.contains(route.name) {
            return GovernanceRefusal(
                error: .gateway(.serviceUnavailable, type: "route_disabled", "route \(route.name) is switched off by an operator", param: "model", code: "route_disabled"),
                outcome: "route_disabled")
        }
        if !active.tools.isEmpty {
            for (index, tool) in request.tools.enumerated() {
                guard let name = tool["function"]?["name"]?.stringValue ?? tool["name"]?.stringValue, active.tools.contains(name) else { continue }
                return GovernanceRefusal(
                    error: .gateway(.badRequest, type: "tool_disabled", "tool \(name) is switched off by an operator", param: "tools[\(index)]", code: "tool_disabled"),
                    outcome: "tool_disabled")
            }
        }
        return nil
    }

    /// The loop breaker, for calls that carry a session.
    func checkSession(tenant: String, session: String?, limits: SessionLimits, note: inout GovernanceNote) -> GovernanceRefusal? {
        guard let session, limits.maxTurns != nil || limits.maxCallsPerMinute != nil else { return nil }
        switch sessions.admit(tenant: tenant, session: session, limits: limits) {
        case .success(let turn):
            note.sessionTurn = turn
            return nil
        case .failure(let refusal):
            let what = refusal.limit == .maxTurns
                ? "session \(session) reached its maximum of \(refusal.maximum) turns"
                : "session \(session) reached its maximum of \(refusal.maximum) calls per minute"
            switch limits.onLimit {
            case .refuse:
                return GovernanceRefusal(
                    error: .gateway(.tooManyRequests, type: "session_limit_exceeded", what, param: "x-parapet-session", code: refusal.limit.rawValue),
                    outcome: "session_limit", retryAfter: refusal.retryAfter)
            case .review:
                return GovernanceRefusal(
                    error: .gateway(.tooManyRequests, type: "session_limit_exceeded", what, param: "x-parapet-session", code: refusal.limit.rawValue),
                    outcome: "session_limit", retryAfter: refusal.retryAfter, handOff: what)
            }
        }
    }

    /// Requests and tokens per minute of the key and of the route.
    func checkRate(keyID: String, route: RouteConfiguration, limit: RateLimit, estimatedTokens: Int64) -> Result<RateLimiter.Admission, GovernanceRefusal> {
        let subjects = [
            RateLimiter.Subject(scope: "key", name: keyID, limit: limit),
            RateLimiter.Subject(scope: "route", name: route.name, limit: route.rateLimit),
        ]
        switch rateLimiter.admit(subjects, estimatedTokens: estimatedTokens) {
        case .success(let admission):
            return .success(admission)
        case .failure(let refusal):
            let who = refusal.scope == "key" ? "this API key" : "route \(refusal.name)"
            let message = refusal.retryAfter == nil
                ? "the request's \(refusal.unit) (\(estimatedTokens) estimated tokens) exceed what \(who) may use per minute"
                : "\(who) exceeded its \(refusal.unit) per minute"
            return .failure(GovernanceRefusal(
                error: .gateway(.tooManyRequests, type: "rate_limit_exceeded", message, code: "\(refusal.scope)_\(refusal.unit)_per_minute"),
                outcome: "rate_limited", retryAfter: refusal.retryAfter ?? .seconds(60)))
        }
    }

    /// Reserves the call's worst case on every budget that applies; a budget that does not fit
    /// either moves the call to its downgrade route (if the call fits there) or refuses it.
    func reserve(
        _ request: ChatRequest, route: RouteConfiguration, subjects: BudgetSubjects, configuration: GatewayConfiguration, promptTokens: Int64
    ) async throws -> Result<BudgetHold?, GovernanceRefusal> {
        let charges = BudgetPlan.charges(configuration.budgets, subjects: subjects, at: Date())
        guard !charges.isEmpty else { return .success(nil) }
        var route = route
        var downgradedFrom: String?
        var tried: Set<String> = []
        while true {
            tried.insert(route.name)
            let outputTokens = Int64(request.maxTokens.map { max(0, $0) } ?? route.maxOutputTokens)
            let amount = BudgetAmount(
                tokens: promptTokens + outputTokens,
                costNanos: Self.worstCost(route, configuration: configuration, promptTokens: promptTokens, outputTokens: outputTokens))
            let id = "bud_" + Hex.encode((0..<12).map { _ in UInt8.random(in: 0...255) })
            let expires = Date().addingTimeInterval(route.deadline.inSeconds + 300)
            let result = try await ledger.reserve(id, amount: amount, on: charges.map(\.charge), expiresAt: expires)
            switch result {
            case .reserved:
                return .success(BudgetHold(id: id, accounts: charges.map(\.charge.account), reserved: amount, route: route, downgradedFrom: downgradedFrom))
            case .exceeded(let account, let balance, let tokenLimit, let costLimit):
                let rule = charges.first { $0.charge.account == account }?.rule
                if case .downgrade(let cheaper)? = rule?.onExceed, !tried.contains(cheaper), let next = configuration.routes[cheaper] {
                    downgradedFrom = downgradedFrom ?? route.name
                    route = next
                    continue
                }
                return .failure(Self.exceeded(rule: rule, account: account, balance: balance, amount: amount, tokenLimit: tokenLimit, costLimit: costLimit))
            }
        }
    }

    /// The most the call can cost on the route: the dearest of its targets and of its
    /// degradation route's targets.
    static func worstCost(_ route: RouteConfiguration, configuration: GatewayConfiguration, promptTokens: Int64, outputTokens: Int64) -> Int64 {
        var targets = route.targets
        if let degrade = route.degrade?.route, let other = configuration.routes[degrade] { targets += other.targets }
        return targets.compactMap { configuration.price(of: $0)?.worstCase(promptTokens: promptTokens, outputTokens: outputTokens) }.max() ?? 0
    }

    static func exceeded(
        rule: BudgetRule?, account: String, balance: BudgetBalance, amount: BudgetAmount, tokenLimit: Int64?, costLimit: Int64?
    ) -> GovernanceRefusal {
        let name = rule?.name ?? "budget"
        let scope = rule?.scope.rawValue ?? "budget"
        let period = rule?.period.rawValue ?? ""
        var detail = ""
        if let tokenLimit, balance.spent.tokens + balance.reserved.tokens + amount.tokens > tokenLimit {
            detail = "\(balance.spent.tokens) of \(tokenLimit) tokens spent, \(balance.reserved.tokens) reserved by calls in flight, this call may need \(amount.tokens)"
        } else if let costLimit {
            detail = "USD \(Double(balance.spent.costNanos) / 1e9) of \(Double(costLimit) / 1e9) spent, \(Double(balance.reserved.costNanos) / 1e9) reserved, this call may cost up to \(Double(amount.costNanos) / 1e9)"
        }
        return GovernanceRefusal(
            error: .gateway(.tooManyRequests, type: "budget_exceeded", "the \(period) \(scope) budget \"\(name)\" does not cover this call: \(detail)", code: name),
            outcome: "budget_exceeded", retryAfter: nil)
    }
}
