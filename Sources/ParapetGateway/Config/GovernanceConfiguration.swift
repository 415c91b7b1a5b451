/// One budget: a limit in tokens and/or cost per subject (API key, user, session or feature) and
/// period, and what happens when a call does not fit.
public struct BudgetRule: Sendable, Hashable {
    public enum Scope: String, Sendable, Hashable, CaseIterable {
        /// The calling API key.
        case key
        /// `x-parapet-user` (or the request's `user` field).
        case user
        /// `x-parapet-session`.
        case session
        /// `x-parapet-feature`.
        case feature
    }

    public enum Period: String, Sendable, Hashable, CaseIterable {
        /// A UTC calendar day.
        case day
        /// A UTC calendar month.
        case month
        /// Never resets.
        case total
    }

    public enum OnExceed: Sendable, Hashable {
        /// 429 `budget_exceeded`.
        case reject
        /// Serve the call on this (cheaper) route instead, if it fits there.
        case downgrade(route: String)
    }

    /// Unique among the rules; part of the account name.
    public var name: String
    public var scope: Scope
    public var period: Period = .day
    public var tokens: Int64?
    /// Nano-USD.
    public var costNanos: Int64?
    public var onExceed: OnExceed = .reject

    public init(name: String, scope: Scope) {
        self.name = name
        self.scope = scope
    }
}

/// `Idempotency-Key` handling.
public struct IdempotencySettings: Sendable, Hashable {
    /// How long a key and its stored response are kept.
    public var ttl: Duration = .seconds(24 * 3600)
    /// How long a duplicate waits for the first request's result before a 409.
    public var wait: Duration = .seconds(30)

    public init() {}
}

/// The exact response cache of a route.
public struct CacheSettings: Sendable, Hashable {
    public var ttl: Duration = .seconds(300)
    /// Requests with a higher temperature (absent = 1) are neither served from nor stored in the cache.
    public var maxTemperature = 0.1

    public init() {}
}

/// The semantic cache of a route (opt-in).
public struct SemanticCacheSettings: Sendable, Hashable {
    /// The route whose targets compute embeddings.
    public var embeddingsRoute: String
    /// Cosine similarity at or above which a stored answer is served.
    public var threshold = 0.95
    /// Entries kept per tenant; the least recently used go first.
    public var maxEntries = 1_000
    public var ttl: Duration = .seconds(3600)

    public init(embeddingsRoute: String) {
        self.embeddingsRoute = embeddingsRoute
    }
}

/// What a route does when its targets all fail: the seeds' degradation chain, in order —
/// a cheaper or faster route, a cached answer (even stale), a configured reply, a person.
public struct DegradationSettings: Sendable, Hashable {
    /// Level 2: another route, typically a smaller model.
    public var route: String?
    /// Level 3: the exact cache's answer to the same request, however old.
    public var cached = false
    /// Level 4: a rule-based reply, marked as such (`x-parapet-degraded: static_reply`).
    public var reply: String?
    /// Level 5: hand over to a person: a review ticket (`202`) whose suggestion is `reply` (or a
    /// stock hand-off text), for the reviewer to edit, approve or reject.
    public var escalate = false

    public init() {}
}
