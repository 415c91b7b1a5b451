import Foundation
import ParapetCore

/// When a webhook delivery is tried again: exponential backoff with full jitter, as a pure
/// function of the attempt and its result (the random draw is passed in).
///
/// Retried: connection errors and timeouts, 429 and 5xx. Not retried: 2xx (delivered) and every
/// other status (a 4xx says the receiver refuses this delivery; a 3xx is not followed further
/// than the HTTP client does). The delay before attempt `n + 1` is uniform in
/// `0 … min(maxDelay, baseDelay × 2^(n-1))`; a `retry-after` the receiver sent is a lower bound,
/// itself capped at `maxRetryAfter`.
public struct WebhookRetryPolicy: Sendable, Hashable {
    /// Attempts in all, the first included (1 = never retry).
    public var maxAttempts: Int
    public var baseDelay: Duration
    public var maxDelay: Duration
    /// The longest `retry-after` honoured; longer ones wait this long.
    public var maxRetryAfter: Duration

    public init(maxAttempts: Int = 6, baseDelay: Duration = .milliseconds(500), maxDelay: Duration = .seconds(60), maxRetryAfter: Duration = .seconds(300)) {
        self.maxAttempts = maxAttempts
        self.baseDelay = baseDelay
        self.maxDelay = maxDelay
        self.maxRetryAfter = maxRetryAfter
    }

    /// How one attempt ended.
    public enum Result: Sendable, Hashable {
        /// The receiver answered with this status (and `retry-after`, parsed).
        case status(Int, retryAfter: Duration?)
        /// No answer: the connection failed or the attempt timed out.
        case failed(String)
    }

    /// What to do next.
    public enum Decision: Sendable, Hashable {
        case delivered
        case retry(after: Duration)
        /// Stop: why, for the log.
        case giveUp(String)
    }

    /// The decision after attempt `attempt` (1-based) ended with `result`; `unit` is a random
    /// number in 0…1 (clamped), the jitter's draw.
    public func next(after attempt: Int, result: Result, unit: Double) -> Decision {
        var retryAfter: Duration?
        let why: String
        switch result {
        case .status(let status, let after):
            if (200...299).contains(status) { return .delivered }
            guard status == 429 || (500...599).contains(status) else { return .giveUp("the receiver answered \(status), which is not retried") }
            retryAfter = after
            why = "the receiver answered \(status)"
        case .failed(let reason):
            why = reason
        }
        guard attempt < maxAttempts else { return .giveUp("\(why) (attempt \(attempt) of \(maxAttempts))") }
        var delay = backoff(after: attempt, unit: unit)
        if let retryAfter { delay = max(delay, min(retryAfter, maxRetryAfter)) }
        return .retry(after: delay)
    }

    /// The jittered delay after attempt `attempt`: `unit × min(maxDelay, baseDelay × 2^(attempt-1))`.
    public func backoff(after attempt: Int, unit: Double) -> Duration {
        let exponent = Double(min(max(attempt - 1, 0), 62))
        let ceiling = min(maxDelay.inSeconds, baseDelay.inSeconds * pow(2, exponent))
        let fraction = unit.isFinite ? min(max(unit, 0), 1) : 0
        return .milliseconds(Int64((ceiling * fraction * 1_000).rounded()))
    }

    /// A `retry-after` value: delay-seconds (`120`) or an HTTP date (`Wed, 21 Oct 2015 07:28:00 GMT`)
    /// relative to `now`; nil when it is neither. Dates in the past are zero.
    public static func retryAfter(_ value: String, now: Date) -> Duration? {
        let text = value.trimmingCharacters(in: .whitespaces)
        if !text.isEmpty, text.utf8.count <= 9, text.utf8.allSatisfy({ $0 >= 0x30 && $0 <= 0x39 }), let seconds = Int64(text) {
            return .seconds(seconds)
        }
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "GMT")
        formatter.dateFormat = "EEE, dd MMM yyyy HH:mm:ss zzz"
        guard let date = formatter.date(from: text) else { return nil }
        let seconds = max(0, date.timeIntervalSince(now))
        return .milliseconds(Int64((seconds * 1_000).rounded()))
    }
}
