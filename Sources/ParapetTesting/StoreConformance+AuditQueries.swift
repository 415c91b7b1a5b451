import Foundation
import ParapetCore
import ParapetStore

extension StoreConformance {
    /// The reference semantics of `AuditLog.records`.
    static func reference(_ q: AuditQuery, _ all: [AuditRecord]) -> [AuditRecord] {
        let matching = all.filter { r in
            r.entry.tenant == q.tenant
                && (q.after.map { r.sequence > $0 } ?? true)
                && (q.since.map { r.entry.time >= $0 } ?? true)
                && (q.until.map { r.entry.time < $0 } ?? true)
                && (q.action.map { r.entry.action == $0 } ?? true)
                && (q.category.map { r.entry.categories.contains($0) } ?? true)
        }
        return Array(matching.sorted { $0.sequence < $1.sequence }.prefix(max(0, q.limit)))
    }

    static func queryChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 5)
        let actions: [Action] = [.allow, .redact, .block]
        let entries = (1...24).map { i in
            let categories: [String] =
                i % 4 == 0 ? ["pii.email", "secrets.aws"] : i % 2 == 0 ? ["pii.email"] : i % 5 == 0 ? ["pii"] : []
            // Times are not in sequence order, so a store ordering by time instead of sequence fails.
            let time = baseMicroseconds + Int64((i * 7) % 24) * 1_000_000 + Int64(i)
            return entry("q\(i)", tenant: i % 3 == 0 ? "t2" : "t1", time: time, action: actions[i % 3], categories: categories)
        }
        let all = try await audit.append(Array(entries.prefix(10)), sealer: sealer)
            + audit.append(Array(entries.dropFirst(10)), sealer: sealer)
        let times = all.map(\.entry.time).sorted()
        let since = times[5]
        let until = times[17]

        let queries: [(String, AuditQuery)] = [
            ("tenant only", AuditQuery(tenant: "t1")),
            ("other tenant", AuditQuery(tenant: "t2")),
            ("unknown tenant", AuditQuery(tenant: "t3")),
            ("since (inclusive)", AuditQuery(tenant: "t1", since: since)),
            ("until (exclusive)", AuditQuery(tenant: "t1", until: until)),
            ("since and until", AuditQuery(tenant: "t1", since: since, until: until)),
            ("action", AuditQuery(tenant: "t1", action: .block)),
            ("action of no record", AuditQuery(tenant: "t1", action: .review)),
            ("category", AuditQuery(tenant: "t1", category: "pii.email")),
            ("category is not a prefix match", AuditQuery(tenant: "t1", category: "pii")),
            ("category second in the list", AuditQuery(tenant: "t1", category: "secrets.aws")),
            ("category part of a name", AuditQuery(tenant: "t1", category: "email")),
            ("after", AuditQuery(tenant: "t1", after: 7)),
            ("limit", AuditQuery(tenant: "t1", limit: 3)),
            ("limit 0", AuditQuery(tenant: "t1", limit: 0)),
            ("every filter", AuditQuery(tenant: "t1", since: since, until: until, action: .redact, category: "pii.email", after: 2, limit: 2)),
            ("tenant isolation with filters", AuditQuery(tenant: "t2", action: .allow, category: "pii.email")),
        ]
        for (name, query) in queries {
            let got = try await audit.records(query)
            let want = reference(query, all)
            if got != want {
                log.fail("records: \(name)", "got sequences \(got.map(\.sequence)), expected \(want.map(\.sequence))")
            }
        }
        log.expect(reference(AuditQuery(tenant: "t1", category: "pii.email"), all).count > 3, "query sample", "too few matches to test")

        for tenant in ["t1", "t2"] {
            var pages: [AuditRecord] = []
            var cursor: Int64?
            for _ in 0...all.count {
                let page = try await audit.records(AuditQuery(tenant: tenant, after: cursor, limit: 4))
                guard let last = page.last else { break }
                pages += page
                cursor = last.sequence
            }
            log.expectEqual(pages, reference(AuditQuery(tenant: tenant, limit: 1_000), all), "pagination with after returns each record once")
        }

        log.expectEqual(try await audit.record(id: "q3", tenant: "t2"), all[2], "record(id:tenant:) finds the record")
        log.expectEqual(try await audit.record(id: "q3", tenant: "t1"), nil, "record(id:tenant:) is tenant-scoped")
        log.expectEqual(try await audit.record(id: "nope", tenant: "t1"), nil, "record(id:tenant:) of an unknown id is nil")

        log.expectEqual(try await audit.scan(after: 0, limit: 1_000), all, "scan returns every tenant in sequence order")
        log.expectEqual(try await audit.scan(after: 5, limit: 3), Array(all[5..<8]), "scan honours after and limit")
        log.expectEqual(try await audit.scan(after: 24, limit: 10), [], "scan after the last record is empty")
        log.expectEqual(try await audit.scan(after: 0, limit: 0), [], "scan with limit 0 is empty")
    }

    static func retentionChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 2)
        await log.expectConflict("deleteThrough refuses without any checkpoint") { try await audit.deleteThrough(sequence: 0) }
        let first = try await audit.append((1...6).map { entry("r\($0)", tenant: $0 % 2 == 0 ? "t1" : "t2") }, sealer: sealer)
        let checkpoints = try await audit.checkpoints()
        log.expectEqual(checkpoints.map(\.sequence), [2, 4, 6], "checkpoints before retention")

        await log.expectConflict("deleteThrough refuses where there is no checkpoint") { try await audit.deleteThrough(sequence: 5) }
        log.expectEqual(try await audit.scan(after: 0, limit: 100), first, "a refused deleteThrough deletes nothing")
        log.expectEqual(try await audit.checkpoints(), checkpoints, "a refused deleteThrough keeps every checkpoint")

        log.expectEqual(try await audit.deleteThrough(sequence: 4), 4, "deleteThrough returns the number of records deleted")
        log.expectEqual(try await audit.scan(after: 0, limit: 100), Array(first[4...]), "deleteThrough keeps later records")
        log.expectEqual(try await audit.checkpoints(), Array(checkpoints[1...]), "deleteThrough keeps the anchor and later checkpoints")
        log.expectEqual(try await audit.record(id: "r2", tenant: "t1"), nil, "a deleted record is gone from lookups")
        log.expectEqual(try await audit.records(AuditQuery(tenant: "t1")), [first[5]], "a deleted record is gone from queries")
        log.expectEqual(try await audit.lastRecord(), first.last, "lastRecord after partial retention")

        let second = try await audit.append([entry("r7"), entry("r8")], sealer: sealer)
        log.expectEqual(
            second, expectedRecords([entry("r7"), entry("r8")], after: (6, first[5].hash), sealer: sealer),
            "appends after retention continue from the last record")
        log.expectEqual(try await audit.deleteThrough(sequence: 8), 4, "deleteThrough of everything")
        log.expectEqual(try await audit.scan(after: 0, limit: 100), [], "no record is left")
        log.expectEqual(try await audit.lastRecord(), nil, "no last record is left")
        let anchor = try await audit.checkpoints()
        log.expectEqual(anchor.map(\.sequence), [8], "the anchor is the only checkpoint left")

        let third = try await audit.append([entry("r9")], sealer: sealer)
        log.expectEqual(
            third, expectedRecords([entry("r9")], after: (8, anchor.first?.recordHash ?? []), sealer: sealer),
            "appends after deleting everything continue from the anchor")
        await log.expectConflict("deleteThrough refuses a deleted checkpoint") { try await audit.deleteThrough(sequence: 2) }
        log.expectEqual(try await audit.deleteThrough(sequence: 8), 0, "deleteThrough at the anchor again deletes nothing")
    }
}

extension StoreConformance {
    /// `AuditLog.callCounts`: only gateway call records of the tenant in the period (since
    /// inclusive, until exclusive), per route and per string task type, against
    /// `AuditCallCounts.add` over the same records.
    static func callCountChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 7)
        func call(_ feature: String) -> String { #"{"call":{"api":"openai","outcome":"ok","feature":"# + feature + #","fallback":false}}"# }
        // (route, metadata): calls with and without a task type, then records that are not calls.
        let kinds: [(String?, String?)] = [
            ("support", call(#""refund""#)),
            ("support", call(#""refund""#)),
            ("support", call(#""cancel""#)),
            ("support", call("null")),
            ("support", #"{"call":{"api":"openai","outcome":"held_for_review"}}"#),
            ("billing", call(#""refund""#)),
            ("billing", call("5")),
            ("billing", call(#""r\u00e9fund \"quoted\"""#)),
            ("billing", #"{"call":{"feature":"broken""#),
            ("billing", "{\"call\":{\"feature\":\"nul\u{0}inside\"}}"),
            (nil, call(#""orphan""#)),
            ("support", #"{"review":{"action":"review.decision","id":"rev_1"}}"#),
            ("support", #"{"switch":{"operation":"set","kind":"route"}}"#),
            ("support", #"{"call":"{\"feature\":\"guard\"}"}"#),
            ("support", #" {"call":{"feature":"spaced"}}"#),
            ("support", #"{"calls":{"feature":"near"}}"#),
            ("support", nil),
        ]
        var entries: [AuditEntry] = []
        for (i, kind) in kinds.enumerated() {
            for (tenant, offset) in [("t1", 0), ("t2", 0), ("t1", -100), ("t1", 100)] {
                var e = entry("c\(i)-\(tenant)-\(offset)", tenant: tenant, time: baseMicroseconds + Int64(i + offset) * 1_000_000)
                e.route = kind.0
                e.metadataJSON = kind.1
                entries.append(e)
            }
        }
        let all = try await audit.append(entries, sealer: sealer)
        let since = date(microseconds: baseMicroseconds)
        let until = date(microseconds: baseMicroseconds + Int64(kinds.count) * 1_000_000)

        func reference(_ tenant: String, _ since: Date?, _ until: Date?) -> AuditCallCounts {
            var counts = AuditCallCounts()
            for record in all where record.entry.tenant == tenant
                && (since.map { record.entry.time >= $0 } ?? true) && (until.map { record.entry.time < $0 } ?? true)
            {
                counts.add(record.entry)
            }
            return counts
        }
        let period = try await audit.callCounts(tenant: "t1", since: since, until: until)
        log.expectEqual(
            period,
            AuditCallCounts(
                perRoute: ["support": 5, "billing": 5],
                perTaskType: ["refund": 3, "cancel": 1, #"réfund "quoted""#: 1, "orphan": 1]),
            "callCounts counts gateway calls per route and string task type")
        log.expectEqual(period, reference("t1", since, until), "callCounts agrees with AuditCallCounts.add")
        for (name, tenant, from, to) in [
            ("open period", "t1", nil, nil), ("since only", "t1", since, nil), ("until only", "t1", nil, until),
            ("other tenant", "t2", since, until), ("unknown tenant", "t3", nil, nil),
            ("empty period", "t1", until, until), ("one second", "t1", since, date(microseconds: baseMicroseconds + 1_000_000)),
        ] as [(String, String, Date?, Date?)] {
            log.expectEqual(try await audit.callCounts(tenant: tenant, since: from, until: to), reference(tenant, from, to), "callCounts: \(name)")
        }
        log.expectEqual(
            try await audit.callCounts(tenant: "t1", since: nil, until: nil).perRoute["support"], 15, "callCounts over every period")
        log.expectEqual(
            try await RecordsOnly(inner: audit).callCounts(tenant: "t1", since: since, until: until), period,
            "the default callCounts (paging through records) agrees with the store's")
    }
}

/// A log that forwards everything but `callCounts`, so that the protocol's default runs.
private struct RecordsOnly: ForwardingAuditLog {
    let inner: any AuditLog
    var forwardedLog: any AuditLog { inner }
}
