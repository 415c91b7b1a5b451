import Foundation
import GRDB
import ParapetStore

/// The review queue in SQLite: `review_items`, one row per item, decisions as a JSON array.
///
/// `claim`, `decide` and `expire` each read the item and write it back in one IMMEDIATE write
/// transaction, applying the rules of `ReviewItem+Workflow`, so that concurrent callers — in
/// this process or in another one on the same file — are serialised. `markReleased` is one
/// conditional UPDATE. Every write is committed (at the configured durability) before it returns.
public struct SQLiteReviewQueue: ReviewQueue {
    let database: SQLiteDatabase

    public init(database: SQLiteDatabase) {
        self.database = database
    }

    static let columns = """
        id, tenant, route, kind, level, priority, required_approvals, requires_senior, created_us, expires_us, on_expiry, task_type, \
        subject, end_user, category, request, suggestion, confidence, findings, triggers, reasoning, audit_id, status, decisions, \
        lease_reviewer, lease_until_us, resolved_us, final_body, released
        """

    public func enqueue(_ item: ReviewItem) async throws {
        if let problem = item.enqueueProblem { throw StoreError(.corrupted, "review item \(item.id) cannot be stored: \(problem)") }
        let arguments = try Self.arguments(item)
        try await database.write("review enqueue") { db in
            do {
                // GRDB binds an empty Data as NULL on some platforms: COALESCE keeps empty bodies
                // zero-length BLOBs, and `final_body` is NULL only when the flag before it says so.
                try db.execute(
                    sql: """
                        INSERT INTO review_items (\(Self.columns)) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, COALESCE(?, X''), \
                        COALESCE(?, X''), ?, COALESCE(?, X''), COALESCE(?, X''), ?, ?, ?, ?, ?, ?, ?, CASE WHEN ? THEN COALESCE(?, X'') END, ?)
                        """,
                    arguments: arguments)
            } catch where SQLiteErrors.isUniqueViolation(error) {
                throw StoreError(.conflict, "a review item with this id exists")
            }
        }
    }

    public func item(id: String, tenant: String) async throws -> ReviewItem? {
        try await database.read("review lookup") { db in try Self.fetch(db, id: id, tenant: tenant) }
    }

    public func pending(tenant: String, limit: Int, now: Date) async throws -> [ReviewItem] {
        let arguments: StatementArguments = [SQLiteValue.text(tenant), try SQLiteValue.microseconds(now), max(0, limit)]
        return try await database.read("review pending") { db in
            try Row.fetchAll(db, sql: Self.pendingSQL, arguments: arguments).map(Self.item)
        }
    }

    static let pendingSQL = """
        SELECT \(columns) FROM review_items WHERE tenant = ? AND status = 'pending' AND expires_us >= ?
        ORDER BY priority DESC, created_us, id LIMIT ?
        """

    public func claim(id: String, tenant: String, reviewer: String, lease: Duration, now: Date) async throws -> ReviewClaim {
        try await database.write("review claim") { db in
            guard var item = try Self.fetch(db, id: id, tenant: tenant) else { return .notFound }
            let claim = item.claim(reviewer: reviewer, lease: lease, now: now)
            if case .claimed = claim { try Self.update(db, item) }
            return claim
        }
    }

    public func decide(id: String, tenant: String, decision: ReviewDecision, now: Date) async throws -> ReviewOutcome {
        try await database.write("review decide") { db in
            guard var item = try Self.fetch(db, id: id, tenant: tenant) else { return .notFound }
            let outcome = item.decide(decision, now: now)
            if case .recorded = outcome { try Self.update(db, item) }
            return outcome
        }
    }

    public func markReleased(id: String, tenant: String) async throws -> Bool {
        let arguments: StatementArguments = [SQLiteValue.text(id), SQLiteValue.text(tenant)]
        return try await database.write("review release") { db in
            try db.execute(
                sql: "UPDATE review_items SET released = 1 WHERE id = ? AND tenant = ? AND status <> 'pending' AND released = 0",
                arguments: arguments)
            return db.changesCount == 1
        }
    }

    public func expire(now: Date) async throws -> [ReviewItem] {
        let time = try SQLiteValue.microseconds(now)
        return try await database.write("review expiry") { db in
            var expired: [ReviewItem] = []
            for var item in try Row.fetchAll(db, sql: Self.expirySQL, arguments: [time]).map(Self.item) {
                guard item.expire(now: now) else { continue }
                try Self.update(db, item)
                expired.append(item)
            }
            return expired
        }
    }

    static let expirySQL = "SELECT \(columns) FROM review_items WHERE status = 'pending' AND expires_us < ? ORDER BY expires_us, id"

    public func resolved(tenant: String, since: Date, limit: Int) async throws -> [ReviewItem] {
        let arguments: StatementArguments = [SQLiteValue.text(tenant), try SQLiteValue.microseconds(since), max(0, limit)]
        return try await database.read("review resolved") { db in
            try Row.fetchAll(db, sql: Self.resolvedSQL, arguments: arguments).map(Self.item)
        }
    }

    static let resolvedSQL = """
        SELECT \(columns) FROM review_items WHERE tenant = ? AND resolved_us >= ? ORDER BY resolved_us, id LIMIT ?
        """

    // MARK: - Rows

    private static func fetch(_ db: Database, id: String, tenant: String) throws -> ReviewItem? {
        try Row.fetchOne(
            db, sql: "SELECT \(columns) FROM review_items WHERE id = ? AND tenant = ?", arguments: [SQLiteValue.text(id), SQLiteValue.text(tenant)]
        ).map(item)
    }

    /// Writes the fields the queue changes.
    private static func update(_ db: Database, _ item: ReviewItem) throws {
        let arguments = StatementArguments([SQLiteValue.text(item.status.rawValue)]) + (try mutableArguments(item)) + [SQLiteValue.text(item.id)]
        try db.execute(
            sql: """
                UPDATE review_items SET status = ?, decisions = ?, lease_reviewer = ?, lease_until_us = ?, resolved_us = ?,
                    final_body = CASE WHEN ? THEN COALESCE(?, X'') END, released = ?
                WHERE id = ?
                """,
            arguments: arguments)
    }

    /// Every column, in the order of `columns` (with the final body's flag before it).
    private static func arguments(_ item: ReviewItem) throws -> StatementArguments {
        let fixed: [DatabaseValue] = [
            SQLiteValue.text(item.id), SQLiteValue.text(item.tenant), SQLiteValue.text(item.route), SQLiteValue.text(item.kind.rawValue),
            SQLiteValue.text(item.level.rawValue), item.priority.databaseValue, item.requiredApprovals.databaseValue,
            item.requiresSenior.databaseValue, try SQLiteValue.microseconds(item.createdAt).databaseValue,
            try SQLiteValue.microseconds(item.expiresAt).databaseValue, SQLiteValue.text(item.onExpiry.rawValue), SQLiteValue.text(item.taskType),
            SQLiteValue.text(item.subject), SQLiteValue.text(item.user), SQLiteValue.text(item.category), SQLiteValue.blob(item.request),
            SQLiteValue.blob(item.suggestion), item.confidence.databaseValue, SQLiteValue.blob(item.findings), SQLiteValue.blob(item.triggers),
            SQLiteValue.text(item.reasoning), SQLiteValue.text(item.auditID), SQLiteValue.text(item.status.rawValue),
        ]
        return StatementArguments(fixed) + (try mutableArguments(item))
    }

    /// decisions, lease reviewer, lease end, resolution time, final body flag, final body, released.
    private static func mutableArguments(_ item: ReviewItem) throws -> StatementArguments {
        StatementArguments([
            SQLiteValue.text(try SQLiteReviewDecisions.encode(item.decisions)), SQLiteValue.text(item.lease?.reviewer),
            try item.lease.map { try SQLiteValue.microseconds($0.until) }.databaseValue,
            try item.resolvedAt.map(SQLiteValue.microseconds).databaseValue, (item.finalBody != nil).databaseValue,
            item.finalBody.map(SQLiteValue.blob) ?? .null, item.released.databaseValue,
        ])
    }

    private static func item(_ row: Row) throws -> ReviewItem {
        let r = SQLiteRow(row: row, table: "review_items")
        guard let decisions = SQLiteReviewDecisions.decode(try r.string("decisions")) else {
            throw StoreError(.corrupted, "review_items.decisions does not hold a decision list")
        }
        let leaseReviewer = try r.optionalString("lease_reviewer")
        let leaseUntil = try r.optionalDate("lease_until_us")
        let lease = leaseReviewer.flatMap { reviewer in leaseUntil.map { ReviewLease(reviewer: reviewer, until: $0) } }
        return ReviewItem(
            id: try r.string("id"), tenant: try r.string("tenant"), route: try r.string("route"), kind: try r.enumeration(ReviewKind.self, "kind"),
            level: try r.enumeration(RiskLevel.self, "level"), priority: try double(r, "priority"),
            requiredApprovals: Int(try r.int64("required_approvals")), requiresSenior: try r.int64("requires_senior") != 0,
            createdAt: try r.date("created_us"), expiresAt: try r.date("expires_us"), onExpiry: try r.enumeration(ReviewVerdict.self, "on_expiry"),
            taskType: try r.optionalString("task_type"), subject: try r.optionalString("subject"), user: try r.optionalString("end_user"),
            category: try r.optionalString("category"), request: try r.bytes("request"), suggestion: try r.bytes("suggestion"),
            confidence: try optionalDouble(r, "confidence"), findings: try r.bytes("findings"), triggers: try r.bytes("triggers"),
            reasoning: try r.optionalString("reasoning"), auditID: try r.optionalString("audit_id"),
            status: try r.enumeration(ReviewStatus.self, "status"), decisions: decisions, lease: lease,
            resolvedAt: try r.optionalDate("resolved_us"), finalBody: (row["final_body"] as DatabaseValue).isNull ? nil : try r.bytes("final_body"),
            released: try r.int64("released") != 0)
    }

    private static func double(_ r: SQLiteRow, _ column: String) throws -> Double {
        guard let value = try optionalDouble(r, column) else { throw StoreError(.corrupted, "review_items.\(column) does not hold a number") }
        return value
    }

    private static func optionalDouble(_ r: SQLiteRow, _ column: String) throws -> Double? {
        switch (r.row[column] as DatabaseValue).storage {
        case .null: return nil
        case .double(let number): return number
        case .int64(let number): return Double(number)
        case .string, .blob: throw StoreError(.corrupted, "review_items.\(column) does not hold a number")
        }
    }
}

/// A review item's decisions as one TEXT value: a JSON array of objects, times in whole
/// microseconds, edited bodies in base64. JSON escapes every string, so any text round-trips.
enum SQLiteReviewDecisions {
    private struct Stored: Codable {
        var reviewer: String
        var senior: Bool
        var verdict: ReviewVerdict
        var reason: String
        var comment: String?
        var edited: String?
        var atUS: Int64
    }

    static func encode(_ decisions: [ReviewDecision]) throws -> String {
        let stored = try decisions.map { decision in
            Stored(
                reviewer: decision.reviewerKeyID, senior: decision.senior, verdict: decision.verdict, reason: decision.reasonCode,
                comment: decision.comment, edited: decision.editedBody.map { Data($0).base64EncodedString() },
                atUS: try SQLiteValue.microseconds(decision.at))
        }
        do {
            return String(decoding: try JSONEncoder().encode(stored), as: UTF8.self)
        } catch {
            throw StoreError(.unavailable, "review decisions cannot be encoded: \(error)")
        }
    }

    /// The decisions of `text`, or nil when it is not an encoded list.
    static func decode(_ text: String) -> [ReviewDecision]? {
        guard let stored = try? JSONDecoder().decode([Stored].self, from: Data(text.utf8)) else { return nil }
        var decisions: [ReviewDecision] = []
        decisions.reserveCapacity(stored.count)
        for decision in stored {
            var edited: [UInt8]?
            if let base64 = decision.edited {
                guard let data = Data(base64Encoded: base64) else { return nil }
                edited = Array(data)
            }
            decisions.append(
                ReviewDecision(
                    reviewerKeyID: decision.reviewer, senior: decision.senior, verdict: decision.verdict, reasonCode: decision.reason,
                    comment: decision.comment, editedBody: edited, at: SQLiteValue.date(microseconds: decision.atUS)))
        }
        return decisions
    }
}
