import Foundation
import GRDB
import GRDBSQLite

/// Binds parameters straight into a prepared statement and runs it, for the audit insert: the hot
/// write path. Building GRDB `StatementArguments` per record (an array of `DatabaseValue` through
/// a generic initialiser) was half the cost of an append in profiles; this binds the same values,
/// with the same TEXT-or-BLOB rule as ``SQLiteValue``, with no intermediate array.
///
/// Use it inside a write transaction on a statement from `db.cachedStatement`; `execute()` resets
/// the statement so it can be bound again.
struct SQLiteBinder {
    private static let transient = unsafeBitCast(OpaquePointer(bitPattern: -1), to: sqlite3_destructor_type.self)

    private let db: Database
    private let statement: SQLiteStatement
    private var index: CInt = 0
    private var status: CInt = SQLITE_OK

    init(_ statement: Statement, in db: Database) {
        self.db = db
        self.statement = statement.sqliteStatement
        sqlite3_reset(self.statement)
        sqlite3_clear_bindings(self.statement)
    }

    mutating func bind(_ value: Int64) {
        index += 1
        record(sqlite3_bind_int64(statement, index, value))
    }

    mutating func bind(_ value: Int) {
        bind(Int64(value))
    }

    /// TEXT, or a BLOB of the UTF-8 when the string contains NUL (as ``SQLiteValue/text(_:)``).
    mutating func bind(_ string: String) {
        index += 1
        var string = string
        let (statement, index) = (statement, index)
        let code = string.withUTF8 { buffer -> CInt in
            guard let base = buffer.baseAddress, !buffer.isEmpty else {
                return sqlite3_bind_text(statement, index, "", 0, Self.transient)
            }
            guard let count = CInt(exactly: buffer.count) else { return SQLITE_TOOBIG }
            if memchr(base, 0, buffer.count) != nil {
                return sqlite3_bind_blob(statement, index, base, count, Self.transient)
            }
            return base.withMemoryRebound(to: CChar.self, capacity: buffer.count) {
                sqlite3_bind_text(statement, index, $0, count, Self.transient)
            }
        }
        record(code)
    }

    mutating func bind(_ string: String?) {
        if let string { bind(string) } else { bindNull() }
    }

    mutating func bind(blob bytes: [UInt8]) {
        index += 1
        let (statement, index) = (statement, index)
        let code = bytes.withUnsafeBytes { buffer -> CInt in
            guard let count = CInt(exactly: buffer.count) else { return SQLITE_TOOBIG }
            // An empty blob is bound with sqlite3_bind_zeroblob: a nil pointer would bind NULL.
            guard let base = buffer.baseAddress, count > 0 else { return sqlite3_bind_zeroblob(statement, index, 0) }
            return sqlite3_bind_blob(statement, index, base, count, Self.transient)
        }
        record(code)
    }

    mutating func bindNull() {
        index += 1
        record(sqlite3_bind_null(statement, index))
    }

    private mutating func record(_ code: CInt) {
        if status == SQLITE_OK, code != SQLITE_OK { status = code }
    }

    /// Steps the statement to completion and resets it.
    /// - Throws: `DatabaseError` with SQLite's extended result code and message, as GRDB throws.
    func execute() throws {
        defer { sqlite3_reset(statement) }
        guard status == SQLITE_OK else { throw error(status) }
        let code = sqlite3_step(statement)
        guard code == SQLITE_DONE || code == SQLITE_ROW else { throw error(code) }
    }

    private func error(_ code: CInt) -> DatabaseError {
        let connection = db.sqliteConnection
        let extended = connection.map { sqlite3_extended_errcode($0) } ?? code
        let message = connection.flatMap { sqlite3_errmsg($0) }.map { String(cString: $0) }
        return DatabaseError(resultCode: ResultCode(rawValue: extended), message: message, sql: String(cString: sqlite3_sql(statement)))
    }
}
