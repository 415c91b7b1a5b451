import Foundation
import ParapetCore
import ParapetStore

/// How the console writes numbers, times, people and JSON: locale-free and short.
enum ConsoleFormat {
    /// `value` with `digits` decimals (`0.62`), `—` when it is missing or not finite.
    static func fixed(_ value: Double?, digits: Int = 2) -> String {
        guard let value, value.isFinite, abs(value) < 1e15 else { return "—" }
        let scale = (0..<max(0, digits)).reduce(1.0) { result, _ in result * 10 }
        let scaled = Int((abs(value) * scale).rounded())
        let whole = scaled / Int(scale)
        var text = (value < 0 && scaled != 0 ? "-" : "") + String(whole)
        if digits > 0 {
            let fraction = String(scaled % Int(scale))
            text += "." + String(repeating: "0", count: digits - fraction.count) + fraction
        }
        return text
    }

    /// A share as a percentage with one decimal (`12.5 %`), `—` when missing.
    static func percent(_ share: Double?) -> String {
        guard let share, share.isFinite else { return "—" }
        return fixed(share * 100, digits: 1) + " %"
    }

    /// A span of time the way a person reads it: `45 s`, `12 min`, `3 h 5 min`, `2 d 4 h`.
    static func span(_ seconds: TimeInterval) -> String {
        let total = max(0, Int(seconds.isFinite ? min(seconds, 1e12) : 0))
        let (days, hours, minutes) = (total / 86_400, total % 86_400 / 3_600, total % 3_600 / 60)
        if days > 0 { return "\(days) d \(hours) h" }
        if hours > 0 { return "\(hours) h \(minutes) min" }
        if minutes > 0 { return "\(minutes) min" }
        return "\(total) s"
    }

    /// How long ago `date` was, from `now`.
    static func age(_ date: Date, now: Date) -> String { span(now.timeIntervalSince(date)) + " ago" }

    /// How long until `date` from `now`, or `expired`.
    static func until(_ date: Date, now: Date) -> String {
        date < now ? "expired" : "in " + span(date.timeIntervalSince(now))
    }

    /// A reviewer by key: `name (key_…)`, or the id when the key is unknown to this tenant;
    /// `you` for the viewer.
    static func reviewer(_ keyID: String, names: [String: String], viewer: APIKey) -> String {
        if keyID == viewer.id { return "you" }
        return names[keyID].map { "\($0) (\(keyID))" } ?? keyID
    }

    /// A JSON value as text: a string as it is, anything else as compact JSON.
    static func text(_ value: JSON) -> String {
        if case .string(let text) = value { return text }
        return value.description
    }
}
