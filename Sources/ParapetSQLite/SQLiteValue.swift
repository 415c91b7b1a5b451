import Foundation
import GRDB
import ParapetStore

/// Values going into columns.
///
/// GRDB binds and reads TEXT as C strings, so a string containing NUL would be cut at the NUL:
/// such strings are stored as a BLOB of their UTF-8 instead and read back from either form. The
/// same string always gets the same form, so equality filters still match.
enum SQLiteValue {
    static func text(_ string: String) -> DatabaseValue {
        containsNUL(string) ? Data(string.utf8).databaseValue : string.databaseValue
    }

    /// `memchr` over the contiguous UTF-8 of native strings (the generic `contains` walks the
    /// view byte by byte and showed up in profiles of audit writes).
    static func containsNUL(_ string: String) -> Bool {
        if let found = string.utf8.withContiguousStorageIfAvailable({ buffer -> Bool in
            guard let base = buffer.baseAddress else { return false }
            return memchr(base, 0, buffer.count) != nil
        }) {
            return found
        }
        return string.utf8.contains(0)
    }

    static func text(_ string: String?) -> DatabaseValue {
        string.map(text) ?? .null
    }

    static func blob(_ bytes: [UInt8]) -> DatabaseValue {
        Data(bytes).databaseValue
    }

    /// Whole microseconds since 1970, rounded as `AuditEntry.timeMicroseconds` rounds.
    static func microseconds(_ date: Date) throws -> Int64 {
        guard let us = Int64(exactly: (date.timeIntervalSince1970 * 1_000_000).rounded()) else {
            throw StoreError(.unavailable, "time \(date.timeIntervalSince1970) is out of the storable range")
        }
        return us
    }

    /// The date of `microseconds` since 1970, built as `Date(timeIntervalSince1970:)` builds it, so
    /// a date with microsecond precision reads back equal to the one written.
    static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }
}
