import ParapetCore
import Foundation

/// Audit ids: `aud_` + 12 hex digits of the time in microseconds + 20 random hex digits.
///
/// The time prefix keeps new ids near the end of the database's unique index on `id`, so a
/// group commit touches a few index pages instead of one random page per record (random ids
/// made the index the largest share of what every commit wrote). 80 random bits keep ids
/// unguessable and collisions negligible.
enum AuditID {
    static func make(now: Date = Date()) -> String {
        let micros = UInt64(max(0, now.timeIntervalSince1970 * 1_000_000)) & 0xFFFF_FFFF_FFFF
        var prefix = String(micros, radix: 16)
        if prefix.count < 12 { prefix = String(repeating: "0", count: 12 - prefix.count) + prefix }
        return "aud_" + prefix + Hex.random(bytes: 10)
    }
}
