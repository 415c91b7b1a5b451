import Foundation
import ParapetCore
import ParapetStore

/// The checks every store implementation must pass, whatever framework runs them: call
/// `run(_:makeStores:)` and assert that the returned list is empty.
///
/// `makeStores` must return fresh, empty stores on every call (a new temporary database, a new
/// schema…); each group of checks starts from one.
///
/// The checks follow the implementers' duties of `KeyStore`, `AuditLog`, `PolicyStore`,
/// `BudgetLedger`, `ResponseCache`, `IdempotencyStore`, `SwitchStore` and `ReviewQueue`:
/// - keys: insert and lookups by id and hash, refusal of a duplicate id or hash, tenant-scoped
///   listing oldest first, scoped idempotent revocation, count;
/// - audit: chain continuity across calls, atomic batches (a duplicate id stores nothing and the
///   chain continues correctly after), checkpoints, exact round-trip of every field (nil and empty
///   values, non-ASCII, NUL, separators, microsecond times), every query filter, pagination,
///   tenant isolation, `scan`, retention with its anchor, 50 concurrent appenders, gateway call
///   counts per route and task type;
/// - policies: put, replace, tenant scoping;
/// - budgets: reserve, settle (exactly once, actual above the reservation), release, duplicate
///   ids, token and cost limits at their boundary, nil limits, all-or-none across accounts with
///   the first non-fitting account reported, expiry by reservation, balances never negative, 200
///   concurrent reservations against a limit and concurrent double settles;
/// - response cache: exact round-trip (binary and empty bodies), tenant isolation, replace,
///   stale entries returned, purge at its boundary, removal by route and by tenant;
/// - idempotency: claim, in flight, mismatch, exact replay (awkward headers, empty body),
///   abandon, expiry at its boundary, tenant isolation, purge, 50 concurrent claims;
/// - kill switches: put, replace, remove, ordering by tenant, kind (raw value) and name, tenant scoping;
/// - reviews: exact round-trip (nil and empty values, NUL, binary bodies), duplicate and invalid
///   items refused, tenant isolation, pending order and expiry boundary, lease exclusivity,
///   renewal and run-out, 50 concurrent claims, decisions only by the lease holder, one count per
///   reviewer, N approvals and the senior rule, reject and edit (empty edit body), release exactly
///   once (50 concurrent), expiry sweep across tenants with its outcome, resolved listing.
///
/// Times are compared exactly, so the suite only writes times with microsecond precision, built
/// as `Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)`.
public enum StoreConformance {
    /// One broken duty.
    public struct Violation: Sendable, CustomStringConvertible {
        public var store: String
        public var check: String
        public var detail: String
        public var description: String { "\(store) · \(check): \(detail)" }
    }

    /// Runs every check; `name` labels the violations.
    public static func run(_ name: String, makeStores: () async throws -> ParapetStores) async -> [Violation] {
        let log = Log(store: name)
        await log.group("keys") { try await keyChecks(try await makeStores().keys, log) }
        await log.group("audit chain") { try await chainChecks(try await makeStores().audit, log) }
        await log.group("audit atomicity") { try await atomicityChecks(try await makeStores().audit, log) }
        await log.group("audit round-trip") { try await roundTripChecks(try await makeStores().audit, log) }
        await log.group("audit queries") { try await queryChecks(try await makeStores().audit, log) }
        await log.group("audit retention") { try await retentionChecks(try await makeStores().audit, log) }
        await log.group("audit call counts") { try await callCountChecks(try await makeStores().audit, log) }
        await log.group("audit concurrency") { try await concurrencyChecks(try await makeStores().audit, log) }
        await log.group("policies") { try await policyChecks(try await makeStores().policies, log) }
        await log.group("budgets") { try await budgetChecks(try await makeStores().budgets, log) }
        await log.group("budget expiry") { try await budgetExpiryChecks(try await makeStores().budgets, log) }
        await log.group("budget concurrency") { try await budgetConcurrencyChecks(try await makeStores().budgets, log) }
        await log.group("response cache") { try await cacheChecks(try await makeStores().cache, log) }
        await log.group("idempotency") { try await idempotencyChecks(try await makeStores().idempotency, log) }
        await log.group("idempotency purge") { try await idempotencyPurgeChecks(try await makeStores().idempotency, log) }
        await log.group("idempotency concurrency") { try await idempotencyConcurrencyChecks(try await makeStores().idempotency, log) }
        await log.group("kill switches") { try await switchChecks(try await makeStores().switches, log) }
        await log.group("review enqueue") { try await reviewEnqueueChecks(try await makeStores().reviews, log) }
        await log.group("review pending") { try await reviewPendingChecks(try await makeStores().reviews, log) }
        await log.group("review claims") { try await reviewClaimChecks(try await makeStores().reviews, log) }
        await log.group("review claim concurrency") { try await reviewClaimConcurrencyChecks(try await makeStores().reviews, log) }
        await log.group("review decisions") { try await reviewDecisionChecks(try await makeStores().reviews, log) }
        await log.group("review approvals") { try await reviewApprovalChecks(try await makeStores().reviews, log) }
        await log.group("review reject and edit") { try await reviewRejectEditChecks(try await makeStores().reviews, log) }
        await log.group("review release") { try await reviewReleaseChecks(try await makeStores().reviews, log) }
        await log.group("review expiry") { try await reviewExpiryChecks(try await makeStores().reviews, log) }
        await log.group("review resolved") { try await reviewResolvedChecks(try await makeStores().reviews, log) }
        return log.violations
    }

    /// Collects violations for one run. Used from one task only.
    final class Log {
        let store: String
        private(set) var violations: [Violation] = []

        init(store: String) { self.store = store }

        func fail(_ check: String, _ detail: String) {
            violations.append(Violation(store: store, check: check, detail: detail))
        }

        func expect(_ condition: Bool, _ check: String, _ detail: @autoclosure () -> String = "") {
            if !condition { fail(check, detail()) }
        }

        /// Compares and reports both values when they differ.
        func expectEqual<T: Equatable>(_ actual: T, _ expected: T, _ check: String) {
            if actual != expected { fail(check, "got \(Self.short(actual)), expected \(Self.short(expected))") }
        }

        static func short(_ value: some Any) -> String {
            let text = "\(value)"
            return text.count > 600 ? text.prefix(600) + "…" : text
        }

        /// Runs a group; an unexpected error ends the group and is reported.
        func group(_ name: String, _ body: () async throws -> Void) async {
            do {
                try await body()
            } catch {
                fail(name, "unexpected error: \(error)")
            }
        }

        /// Expects `body` to throw `StoreError` of kind `.conflict`.
        func expectConflict(_ check: String, _ body: () async throws -> Void) async {
            do {
                try await body()
                fail(check, "succeeded; expected StoreError.conflict")
            } catch let error as StoreError where error.kind == .conflict {
                return
            } catch {
                fail(check, "threw \(error); expected StoreError.conflict")
            }
        }
    }

    // MARK: - Sample data

    /// A date exactly `microseconds` after 1970, the precision stores keep.
    public static func date(microseconds: Int64) -> Date {
        Date(timeIntervalSince1970: Double(microseconds) / 1_000_000)
    }

    static let baseMicroseconds: Int64 = 1_700_000_000_000_000

    static func entry(
        _ id: String, tenant: String = "t1", time: Int64 = baseMicroseconds, action: Action = .allow, categories: [String] = []
    ) -> AuditEntry {
        AuditEntry(
            id: id, time: date(microseconds: time), requestID: "req_" + id, tenant: tenant, keyID: "key_0000000000000001",
            direction: .input, route: "chat", policyVersion: "builtin-1", action: action, categories: categories,
            findingsJSON: "[]", detectors: ["pii@1", "secrets@1"], latencyMicroseconds: 42, textHash: "ab12",
            redactedText: "hello [EMAIL]", rawText: nil, metadataJSON: nil)
    }
}
