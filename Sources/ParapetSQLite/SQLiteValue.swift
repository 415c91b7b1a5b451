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
        string.utf8.contains(0) ? Data(string.utf8).databaseValue : string.databaseValue
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

/// Strict reading of one row: a value of the wrong type is `StoreError.corrupted`, never a crash.
struct SQLiteRow {
    let row: Row
    let table: String

    private func value(_ column: String) -> DatabaseValue { row[column] }

    private func corrupted(_ column: String, _ expected: String) -> StoreError {
        StoreError(.corrupted, "\(table).\(column) does not hold \(expected)")
    }

    func string(_ column: String) throws -> String {
        guard let string = try optionalString(column) else { throw corrupted(column, "text") }
        return string
    }

    func optionalString(_ column: String) throws -> String? {
        switch value(column).storage {
        case .null: return nil
        case .string(let string): return string
        case .blob(let data): return String(decoding: data, as: UTF8.self)
        case .int64, .double: throw corrupted(column, "text")
        }
    }

    func int64(_ column: String) throws -> Int64 {
        guard let number = try optionalInt64(column) else { throw corrupted(column, "an integer") }
        return number
    }

    func optionalInt64(_ column: String) throws -> Int64? {
        switch value(column).storage {
        case .null: return nil
        case .int64(let number): return number
        default: throw corrupted(column, "an integer")
        }
    }

    func bytes(_ column: String) throws -> [UInt8] {
        guard case .blob(let data) = value(column).storage else { throw corrupted(column, "a blob") }
        return Array(data)
    }

    func date(_ column: String) throws -> Date {
        SQLiteValue.date(microseconds: try int64(column))
    }

    func optionalDate(_ column: String) throws -> Date? {
        try optionalInt64(column).map { SQLiteValue.date(microseconds: $0) }
    }

    func enumeration<E: RawRepresentable>(_ type: E.Type, _ column: String) throws -> E where E.RawValue == String {
        guard let value = E(rawValue: try string(column)) else { throw corrupted(column, "a known \(E.self)") }
        return value
    }
}
