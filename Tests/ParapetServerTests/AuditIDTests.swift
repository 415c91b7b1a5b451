import Foundation
import Testing

@testable import ParapetServer

@Suite struct AuditIDTests {
    @Test func timePrefixThenTwentyRandomHexDigits() {
        let now = Date(timeIntervalSince1970: 1_795_300_039.723316)
        let id = AuditID.make(now: now)
        #expect(id.count == 36)
        #expect(id.hasPrefix("aud_"))
        let micros = UInt64(now.timeIntervalSince1970 * 1_000_000) & 0xFFFF_FFFF_FFFF
        let prefix = String(micros, radix: 16)
        #expect(id.dropFirst(4).prefix(12) == String(repeating: "0", count: 12 - prefix.count) + prefix)
        #expect(id.dropFirst(4).allSatisfy { $0.isHexDigit && !$0.isUppercase })
    }

    /// Ids made in the same microsecond still differ, and later ids sort after earlier ones.
    @Test func distinctAndOrderedByTime() {
        let now = Date()
        let ids = (0..<2_000).map { _ in AuditID.make(now: now) }
        #expect(Set(ids).count == ids.count)
        #expect(AuditID.make(now: now.addingTimeInterval(0.001)) > ids.max() ?? "")
    }

    /// A small pool refills as it runs dry, and no two draws share their bytes.
    @Test func poolRefillsAndNeverRepeatsBytes() {
        let pool = RandomBytePool(capacity: 64)
        var draws: Set<[UInt8]> = []
        for _ in 0..<500 {
            var bytes: [UInt8] = []
            pool.append(10, to: &bytes)
            #expect(bytes.count == 10)
            draws.insert(bytes)
        }
        #expect(draws.count == 500)
        var large: [UInt8] = []
        pool.append(300, to: &large)
        #expect(large.count == 300)
        #expect(Set(large).count > 100)
    }
}
