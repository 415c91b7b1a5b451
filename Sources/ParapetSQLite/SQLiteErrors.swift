import GRDB
import ParapetStore

/// Turns GRDB and SQLite errors into `StoreError`. Messages name the operation and SQLite's own
/// error (code and text) for logs, never the SQL statement or its arguments.
enum SQLiteErrors {
    static func map(_ error: any Error, operation: String) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case is CancellationError:
            return error
        case let error as DatabaseError:
            let kind: StoreError.Kind = isDamage(error) ? .corrupted : .unavailable
            return StoreError(kind, "\(operation) failed: \(summary(error))")
        default:
            return StoreError(.unavailable, "\(operation) failed: \(error)")
        }
    }

    static func opening(_ path: String, _ error: any Error) -> any Error {
        switch error {
        case let error as StoreError:
            return error
        case let error as DatabaseError where isDamage(error):
            return StoreError(.corrupted, "\(path) is not a Parapet SQLite database or is damaged (\(summary(error)))")
        case let error as DatabaseError:
            return StoreError(.unavailable, "cannot open the database \(path) (\(summary(error)))")
        default:
            return StoreError(.unavailable, "cannot open the database \(path) (\(error))")
        }
    }

    /// Whether `error` is a unique or primary-key violation.
    static func isUniqueViolation(_ error: any Error) -> Bool {
        guard let error = error as? DatabaseError else { return false }
        return error.extendedResultCode == .SQLITE_CONSTRAINT_UNIQUE || error.extendedResultCode == .SQLITE_CONSTRAINT_PRIMARYKEY
    }

    private static func isDamage(_ error: DatabaseError) -> Bool {
        error.resultCode == .SQLITE_NOTADB || error.resultCode == .SQLITE_CORRUPT
    }

    /// "SQLite error 26: file is not a database", without the statement.
    static func summary(_ error: DatabaseError) -> String {
        "SQLite error \(error.extendedResultCode.rawValue): \(error.message ?? "no message")"
    }
}
