import Foundation
import ParapetCore
import ParapetStore

extension StoreConformance {
    static let genesis = [UInt8](repeating: 0, count: 32)

    /// What a correct store returns for `entries` appended after `last` (sequence, hash).
    static func expectedRecords(_ entries: [AuditEntry], after last: (Int64, [UInt8]), sealer: some AuditSealer) -> [AuditRecord] {
        var (sequence, previous) = last
        return entries.map { entry in
            sequence += 1
            let record = sealer.seal(entry, sequence: sequence, previousHash: previous)
            previous = record.hash
            return record
        }
    }

    static func chainChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 2)
        log.expectEqual(try await audit.lastRecord(), nil, "fresh log has no last record")
        log.expectEqual(try await audit.checkpoints(), [], "fresh log has no checkpoints")
        log.expectEqual(try await audit.scan(after: 0, limit: 10), [], "fresh log scans empty")
        log.expectEqual(try await audit.append([], sealer: sealer), [], "appending nothing returns nothing")
        log.expectEqual(try await audit.lastRecord(), nil, "appending nothing stores nothing")

        let first = (1...3).map { entry("c\($0)", time: baseMicroseconds + Int64($0)) }
        let firstRecords = try await audit.append(first, sealer: sealer)
        let expectedFirst = expectedRecords(first, after: (0, genesis), sealer: sealer)
        log.expectEqual(firstRecords.map(\.sequence), [1, 2, 3], "first append starts at sequence 1")
        log.expectEqual(firstRecords.first?.previousHash, genesis, "first record follows 32 zero bytes")
        log.expectEqual(firstRecords, expectedFirst, "append returns what the sealer sealed, in order")

        let second = (4...5).map { entry("c\($0)", time: baseMicroseconds + Int64($0)) }
        let secondRecords = try await audit.append(second, sealer: sealer)
        let expectedSecond = expectedRecords(second, after: (3, expectedFirst[2].hash), sealer: sealer)
        log.expectEqual(secondRecords, expectedSecond, "a second append continues the chain")
        log.expectEqual(try await audit.lastRecord(), expectedSecond.last, "lastRecord is the newest record")
        log.expectEqual(try await audit.scan(after: 0, limit: 100), expectedFirst + expectedSecond, "scan returns every record in order")
        let expectedCheckpoints = (expectedFirst + expectedSecond).compactMap { sealer.checkpoint(after: $0) }
        log.expectEqual(try await audit.checkpoints(), expectedCheckpoints, "the sealer's checkpoints are stored, ordered")
    }

    static func atomicityChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 2)
        let initial = try await audit.append([entry("a1"), entry("a2")], sealer: sealer)
        let checkpoints = try await audit.checkpoints()

        await log.expectConflict("a batch with an existing id is refused") {
            _ = try await audit.append([entry("a3"), entry("a2"), entry("a4")], sealer: sealer)
        }
        log.expectEqual(try await audit.scan(after: 0, limit: 100), initial, "a refused batch stores no record")
        log.expectEqual(try await audit.checkpoints(), checkpoints, "a refused batch stores no checkpoint")
        await log.expectConflict("a batch repeating an id is refused") {
            _ = try await audit.append([entry("a3"), entry("a5"), entry("a5")], sealer: sealer)
        }
        log.expectEqual(try await audit.lastRecord(), initial.last, "a refused batch leaves the last record")
        log.expectEqual(try await audit.record(id: "a3", tenant: "t1"), nil, "a refused batch leaves no record behind")

        let next = [entry("a3"), entry("a4")]
        let records = try await audit.append(next, sealer: sealer)
        log.expectEqual(
            records, expectedRecords(next, after: (2, initial.last?.hash ?? []), sealer: sealer),
            "after a refused batch the chain continues from the last stored record")
        log.expectEqual(try await audit.checkpoints().map(\.sequence), [2, 4], "checkpoints after a refused batch")
    }

    /// Entries whose every field must come back exactly.
    static func roundTripEntries() -> [AuditEntry] {
        let now = Int64(Date().timeIntervalSince1970 * 1_000_000)
        let bare = AuditEntry(
            id: "rt_bare", time: date(microseconds: 0), requestID: "", tenant: "t1", keyID: "", direction: .output, route: nil,
            policyVersion: "", action: .allow, categories: [], findingsJSON: "", detectors: [], latencyMicroseconds: 0, textHash: "",
            redactedText: nil, rawText: nil, metadataJSON: nil)
        let full = AuditEntry(
            id: "rt_full_ünï", time: date(microseconds: baseMicroseconds + 999_999), requestID: "req-😀-中文", tenant: "t1",
            keyID: "key_0000000000000001", direction: .tool, route: "", policyVersion: "v2 «beta»", action: .block,
            categories: ["injection.override", "pii.email", "with,comma", "100%", "%2C", "nul\u{0}cat"],
            findingsJSON: #"[{"category":"pii.email","span":[3,17],"score":0.97,"note":"naïve \"quote\" \\ /"}]"#,
            detectors: ["pii@1", "injection@2,beta", "%", ""], latencyMicroseconds: Int64.max,
            textHash: String(repeating: "0123456789abcdef", count: 4),
            redactedText: "Call me at [PHONE] —\n\ttab\r\nعربى עברית \u{202E}rtl\u{202C} e\u{301} 👩‍👩‍👧‍👦 \u{FFFD}",
            rawText: "raw with NUL \u{0} inside and ' quotes \" and -- ; DROP TABLE audit_records;",
            metadataJSON: #"{"tag":"ü","n":1}"#)
        let large = AuditEntry(
            id: "rt_large", time: date(microseconds: now), requestID: "r", tenant: "t1", keyID: "k", direction: .retrieval, route: "rag",
            policyVersion: "1", action: .redact, categories: [""], findingsJSON: "[]", detectors: [","], latencyMicroseconds: 1,
            textHash: "h", redactedText: String(repeating: "Ünïcödé text; ", count: 20_000), rawText: "", metadataJSON: "")
        let early = AuditEntry(
            id: "rt_early", time: date(microseconds: -1_500_001), requestID: "r2", tenant: "t2", keyID: "k", direction: .input, route: nil,
            policyVersion: "1", action: .review, categories: ["a", "b"], findingsJSON: "[]", detectors: ["x@1"], latencyMicroseconds: -1,
            textHash: "h", redactedText: nil, rawText: nil, metadataJSON: "{}")
        let late = AuditEntry(
            id: "rt_late", time: date(microseconds: 4_102_444_800_000_001), requestID: "r3", tenant: "t1", keyID: "k", direction: .input,
            route: "x", policyVersion: "1", action: .annotate, categories: ["a"], findingsJSON: "[]", detectors: ["x@1"],
            latencyMicroseconds: 7, textHash: "h", redactedText: "", rawText: nil, metadataJSON: nil)
        return [bare, full, large, early, late]
    }

    static func roundTripChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 1)
        let entries = roundTripEntries()
        let records = try await audit.append(entries, sealer: sealer)
        log.expectEqual(records.map(\.entry), entries, "append returns the entries unchanged")
        let scanned = try await audit.scan(after: 0, limit: 100)
        log.expect(scanned.count == records.count, "scan round-trip", "scan returned \(scanned.count) of \(records.count) records")
        for (read, written) in zip(scanned, records) where read != written {
            log.fail("scan round-trips every field", difference(read, written))
        }
        for written in records {
            let read = try await audit.record(id: written.entry.id, tenant: written.entry.tenant)
            if read != written { log.fail("record(id:tenant:) round-trips every field", read.map { difference($0, written) } ?? "nil") }
        }
        log.expectEqual(try await audit.lastRecord(), records.last, "lastRecord round-trips every field")
        log.expectEqual(
            try await audit.records(AuditQuery(tenant: "t2")), records.filter { $0.entry.tenant == "t2" }, "records round-trip every field")
        let expectedCheckpoints = records.compactMap { sealer.checkpoint(after: $0) }
        log.expectEqual(try await audit.checkpoints(), expectedCheckpoints, "checkpoints round-trip every field")
    }

    /// Names the fields that differ, for a readable violation.
    static func difference(_ read: AuditRecord, _ written: AuditRecord) -> String {
        var fields: [String] = []
        for (x, y) in zip(Mirror(reflecting: read.entry).children, Mirror(reflecting: written.entry).children) where "\(x.value)" != "\(y.value)" {
            fields.append("\(x.label ?? "?"): \("\(x.value)".prefix(80)) ≠ \("\(y.value)".prefix(80))")
        }
        if read.entry.time != written.entry.time { fields.append("time differs by \(read.entry.time.timeIntervalSince(written.entry.time)) s") }
        if read.sequence != written.sequence { fields.append("sequence \(read.sequence) ≠ \(written.sequence)") }
        if read.previousHash != written.previousHash { fields.append("previousHash") }
        if read.hash != written.hash { fields.append("hash") }
        return "record \(written.entry.id): " + (fields.isEmpty ? "differs" : fields.joined(separator: "; "))
    }

    static func concurrencyChecks(_ audit: any AuditLog, _ log: Log) async throws {
        let sealer = StoreConformanceSealer(interval: 10)
        let tasks = 50
        let perTask = 2
        let results = await withTaskGroup(of: Result<[AuditRecord], any Error>.self) { group in
            for task in 0..<tasks {
                group.addTask {
                    let entries = (0..<perTask).map { entry("cc\(task)_\($0)", tenant: task % 2 == 0 ? "t1" : "t2") }
                    do { return .success(try await audit.append(entries, sealer: sealer)) } catch { return .failure(error) }
                }
            }
            var results: [Result<[AuditRecord], any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        for case .failure(let error) in results { log.fail("concurrent appends succeed", "\(error)") }
        for case .success(let batch) in results {
            let sequences = batch.map(\.sequence)
            let consecutive = sequences.count == perTask && zip(sequences, sequences.dropFirst()).allSatisfy { $1 == $0 + 1 }
            log.expect(consecutive, "a concurrent batch is sealed consecutively", "\(sequences)")
        }
        let all = try await audit.scan(after: 0, limit: 10_000)
        log.expectEqual(all.map(\.sequence), (1...Int64(tasks * perTask)).map { $0 }, "concurrent appends form one gapless chain")
        var previous = genesis
        for record in all {
            if record.previousHash != previous { log.fail("concurrent appends form one chain", "record \(record.sequence) does not follow its predecessor") }
            if record != sealer.seal(record.entry, sequence: record.sequence, previousHash: record.previousHash) {
                log.fail("concurrent appends are sealed as stored", "record \(record.sequence)")
            }
            previous = record.hash
        }
        log.expectEqual(Set(all.map(\.entry.id)).count, tasks * perTask, "every concurrent entry is stored once")
        log.expectEqual(try await audit.checkpoints(), all.compactMap { sealer.checkpoint(after: $0) }, "checkpoints of concurrent appends")
    }
}
