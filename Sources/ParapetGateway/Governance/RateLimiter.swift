import Synchronization

/// Requests and tokens per minute, as token buckets, per API key and per route. State is in this
/// process (several gateways sharing limits come with the PostgreSQL store).
public final class RateLimiter: Sendable {
    /// One limited subject: `key:<id>` or `route:<name>`.
    public struct Subject: Sendable, Hashable {
        public var scope: String
        public var name: String
        public var limit: RateLimit

        public init(scope: String, name: String, limit: RateLimit) {
            self.scope = scope
            self.name = name
            self.limit = limit
        }

        var id: String { scope + ":" + name }
    }

    /// A refusal: which limit, and when a retry can succeed (nil: the request alone exceeds it).
    public struct Refusal: Sendable, Hashable, Error {
        public var scope: String
        public var name: String
        /// `requests` or `tokens`.
        public var unit: String
        public var retryAfter: Duration?
    }

    /// What an admitted request took, for `settle`.
    public struct Admission: Sendable, Hashable {
        var subjects: [String]
        public var estimatedTokens: Int64
    }

    private struct Buckets {
        var requests: TokenBucket?
        var tokens: TokenBucket?
        var limit: RateLimit
    }

    private let state = Mutex([String: Buckets]())
    private let maxSubjects: Int

    public init(maxSubjects: Int = 100_000) {
        self.maxSubjects = maxSubjects
    }

    /// Takes one request and `estimatedTokens` from every subject, or nothing.
    public func admit(_ subjects: [Subject], estimatedTokens: Int64, now: ContinuousClock.Instant = .now) -> Result<Admission, Refusal> {
        let active = subjects.filter { $0.limit.requestsPerMinute != nil || $0.limit.tokensPerMinute != nil }
        return state.withLock { buckets -> Result<Admission, Refusal> in
            if buckets.count > maxSubjects { Self.sweep(&buckets, now: now) }
            var updated: [String: Buckets] = [:]
            for subject in active {
                var entry = buckets[subject.id].flatMap { $0.limit == subject.limit ? $0 : nil } ?? Self.fresh(subject.limit, now: now)
                if var requests = entry.requests {
                    let wait = requests.take(1, now: now)
                    guard wait == .zero else {
                        return .failure(Refusal(scope: subject.scope, name: subject.name, unit: "requests", retryAfter: wait))
                    }
                    entry.requests = requests
                }
                if var tokens = entry.tokens {
                    let wait = tokens.take(Double(estimatedTokens), now: now)
                    guard wait == .zero else {
                        return .failure(Refusal(scope: subject.scope, name: subject.name, unit: "tokens", retryAfter: wait))
                    }
                    entry.tokens = tokens
                }
                updated[subject.id] = entry
            }
            for (id, entry) in updated { buckets[id] = entry }
            return .success(Admission(subjects: active.map(\.id), estimatedTokens: estimatedTokens))
        }
    }

    /// Corrects the token buckets by the difference between the estimate and the real usage
    /// (nil usage: the call used nothing, the whole estimate comes back).
    public func settle(_ admission: Admission, actualTokens: Int64?, now: ContinuousClock.Instant = .now) {
        let difference = Double(admission.estimatedTokens - (actualTokens ?? 0))
        guard difference != 0 else { return }
        state.withLock { buckets in
            for id in admission.subjects {
                guard var tokens = buckets[id]?.tokens else { continue }
                if difference > 0 { tokens.refund(difference, now: now) } else { tokens.charge(-difference, now: now) }
                buckets[id]?.tokens = tokens
            }
        }
    }

    private static func fresh(_ limit: RateLimit, now: ContinuousClock.Instant) -> Buckets {
        Buckets(
            requests: limit.requestsPerMinute.map { TokenBucket(capacity: $0, period: .seconds(60), now: now) },
            tokens: limit.tokensPerMinute.map { TokenBucket(capacity: $0, period: .seconds(60), now: now) },
            limit: limit)
    }

    /// Forgets subjects whose buckets are full again: they behave exactly like fresh ones.
    private static func sweep(_ buckets: inout [String: Buckets], now: ContinuousClock.Instant) {
        buckets = buckets.filter { _, entry in
            var requests = entry.requests
            var tokens = entry.tokens
            requests?.refill(now)
            tokens?.refill(now)
            return (requests.map { $0.available < $0.capacity } ?? false) || (tokens.map { $0.available < $0.capacity } ?? false)
        }
    }
}

/// Requests and tokens per minute; nil: not limited.
public struct RateLimit: Sendable, Hashable {
    public var requestsPerMinute: Int?
    public var tokensPerMinute: Int?

    public init(requestsPerMinute: Int? = nil, tokensPerMinute: Int? = nil) {
        self.requestsPerMinute = requestsPerMinute
        self.tokensPerMinute = tokensPerMinute
    }
}
