import Crypto
import Foundation
import ParapetCore
import ParapetStore

/// The reviewer console's sign-ins, in memory: a random 256-bit token per session (the browser
/// holds it in the `parapet_console` cookie; this actor keeps only its SHA-256), the key it was
/// opened with (id, tenant, role — never the secret), a per-session CSRF token, and an end
/// `lifetime` after sign-in (8 h).
///
/// Sessions do not survive a restart: reviewers sign in again. At most `capacity` sessions are
/// kept; a new one beyond that evicts expired ones, then the one closest to its end.
actor ConsoleSessions {
    /// One signed-in reviewer.
    struct Session: Sendable, Hashable {
        /// The key the reviewer signed in with: re-read on every request, so a revocation ends it.
        var keyID: String
        var tenant: String
        /// Compared, in constant time, with the `csrf` field of every form the session posts.
        var csrfToken: String
        var expiresAt: Date
    }

    /// How long a session lasts after sign-in.
    let lifetime: TimeInterval
    /// The most sessions kept at once.
    let capacity: Int
    private var sessions: [[UInt8]: Session] = [:]

    init(lifetime: TimeInterval = 8 * 3_600, capacity: Int = 10_000) {
        self.lifetime = lifetime
        self.capacity = max(1, capacity)
    }

    /// Opens a session for `key`; returns the token for the cookie and the session.
    func open(for key: APIKey, now: Date = Date()) -> (token: String, session: Session) {
        if sessions.count >= capacity {
            sessions = sessions.filter { $0.value.expiresAt > now }
            if sessions.count >= capacity, let oldest = sessions.min(by: { $0.value.expiresAt < $1.value.expiresAt }) {
                sessions[oldest.key] = nil
            }
        }
        let token = Hex.random(bytes: 32)
        let session = Session(keyID: key.id, tenant: key.tenant, csrfToken: Hex.random(bytes: 32), expiresAt: now.addingTimeInterval(lifetime))
        sessions[Self.digest(token)] = session
        return (token, session)
    }

    /// The live session of `token`, or nil (unknown, malformed or past its end, which removes it).
    func session(token: String, now: Date = Date()) -> Session? {
        guard Self.isWellFormed(token) else { return nil }
        let digest = Self.digest(token)
        guard let session = sessions[digest] else { return nil }
        guard session.expiresAt > now else {
            sessions[digest] = nil
            return nil
        }
        return session
    }

    /// Ends the session of `token` (sign-out, or its key was revoked).
    func close(token: String) {
        sessions[Self.digest(token)] = nil
    }

    /// How many sessions are kept (expired ones included until they are looked up or evicted).
    var count: Int { sessions.count }

    /// 64 lower-case hex digits, as `open` makes them.
    static func isWellFormed(_ token: String) -> Bool {
        token.utf8.count == 64 && token.utf8.allSatisfy { ($0 >= 0x30 && $0 <= 0x39) || ($0 >= 0x61 && $0 <= 0x66) }
    }

    /// Whether a form's CSRF field matches the session's token, in constant time.
    static func csrfMatches(_ field: String?, _ token: String) -> Bool {
        guard let field else { return false }
        return KeyAuthenticator.constantTimeEquals(Array(field.utf8), Array(token.utf8))
    }

    private static func digest(_ token: String) -> [UInt8] { Array(SHA256.hash(data: Array(token.utf8))) }
}
