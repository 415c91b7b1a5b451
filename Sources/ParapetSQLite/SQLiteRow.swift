import Foundation
import GRDB
import ParapetStore

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
