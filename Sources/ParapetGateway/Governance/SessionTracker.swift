import Synchronization

/// The loop breaker: counts the calls of each session (`x-parapet-session`) and refuses a call
/// beyond the maximum number of turns, or beyond the maximum calls per minute. State is in this
/// process; a session idle for `idleTimeout` is forgotten.
public final class SessionTracker: Sendable {
    public enum Limit: String, Sendable, Hashable {
        case maxTurns = "max_turns"
        case callsPerMinute = "max_calls_per_minute"
    }

    public struct Refusal: Sendable, Hashable, Error {
        public var limit: Limit
        public var maximum: Int
        /// For the per-minute limit: when the oldest counted call leaves the minute.
        public var retryAfter: Duration?
    }

    private struct Session {
        var turns = 0
        var recent: [ContinuousClock.Instant] = []
        var lastSeen: ContinuousClock.Instant
    }

    private let state = Mutex([String: Session]())
    private let idleTimeout: Duration
    private let maxSessions: Int

    public init(idleTimeout: Duration = .seconds(24 * 3600), maxSessions: Int = 200_000) {
        self.idleTimeout = idleTimeout
        self.maxSessions = maxSessions
    }

    /// Counts a call of `session` (scoped by tenant) unless a limit refuses it.
    public func admit(
        tenant: String, session: String, limits: SessionLimits, now: ContinuousClock.Instant = .now
    ) -> Result<Int, Refusal> {
        let id = tenant + "\u{0}" + session
        return state.withLock { sessions -> Result<Int, Refusal> in
            if sessions.count >= maxSessions { Self.sweep(&sessions, now: now, idle: idleTimeout, keep: maxSessions / 2) }
            var entry = sessions[id].flatMap { now - $0.lastSeen < idleTimeout ? $0 : nil } ?? Session(lastSeen: now)
            entry.recent.removeAll { now - $0 >= .seconds(60) }
            if let maxTurns = limits.maxTurns, entry.turns >= maxTurns {
                return .failure(Refusal(limit: .maxTurns, maximum: maxTurns, retryAfter: nil))
            }
            if let perMinute = limits.maxCallsPerMinute, entry.recent.count >= perMinute {
                let oldest = entry.recent.min() ?? now
                return .failure(Refusal(limit: .callsPerMinute, maximum: perMinute, retryAfter: .seconds(60) - (now - oldest)))
            }
            entry.turns += 1
            entry.recent.append(now)
            entry.lastSeen = now
            sessions[id] = entry
            return .success(entry.turns)
        }
    }

    /// Drops idle sessions; if that is not enough, the least recently seen beyond `keep` (a
    /// flood of fresh session ids must not grow memory without bound).
    private static func sweep(_ sessions: inout [String: Session], now: ContinuousClock.Instant, idle: Duration, keep: Int) {
        sessions = sessions.filter { now - $0.value.lastSeen < idle }
        if sessions.count > keep {
            let newest = sessions.sorted { $0.value.lastSeen > $1.value.lastSeen }.prefix(keep)
            sessions = Dictionary(uniqueKeysWithValues: newest.map { ($0.key, $0.value) })
        }
    }
}

/// The loop breaker's settings.
public struct SessionLimits: Sendable, Hashable {
    /// Calls per session; nil: unlimited.
    public var maxTurns: Int? = 20
    public var maxCallsPerMinute: Int?
    public var onLimit: Outcome = .refuse

    public enum Outcome: String, Sendable, Hashable, CaseIterable {
        /// 429 `session_limit_exceeded`.
        case refuse
        /// Hand the session to a person: the call becomes a review ticket (`202`), answered by the
        /// reviewer's reply.
        case review
    }

    public init() {}
}
