import ParapetCore
import Foundation

/// Audit ids: `aud_` + 12 hex digits of the time in microseconds + 20 random hex digits.
///
/// The time prefix keeps new ids near the end of the database's unique index on `id`, so a
/// group commit touches a few index pages instead of one random page per record (random ids
/// made the index the largest share of what every commit wrote). 80 random bits keep ids
/// unguessable and collisions negligible.
enum AuditID {
    static func make(now: Date = Date(), random: RandomBytePool = .shared) -> String {
        let micros = UInt64(max(0, now.timeIntervalSince1970 * 1_000_000)) & 0xFFFF_FFFF_FFFF
        var raw: [UInt8] = []
        raw.reserveCapacity(16)
        withUnsafeBytes(of: micros.bigEndian) { raw.append(contentsOf: $0.dropFirst(2)) }
        random.append(10, to: &raw)
        var text = Array("aud_".utf8)
        text.reserveCapacity(36)
        Hex.append(raw, to: &text)
        return String(decoding: text, as: UTF8.self)
    }
}
