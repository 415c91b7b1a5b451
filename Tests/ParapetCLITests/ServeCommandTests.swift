import Foundation
import GRDB
import Testing

/// `parapet serve` as a real process: first start, restart, SIGKILL under load, tampering.
@Suite(.serialized) struct ServeCommandTests {
    let adminKey = "ppk_test_admin_key_0123456789abcdef"

    @Test func firstStartPrintsAnAdminKeyOnce() async throws {
        let data = try temporaryDirectory()
        let process = Process()
        process.executableURL = CLIRunner.executable
        let port = ServeProcess.unusedPort()
        process.arguments = ["serve", "--port", String(port), "--data", data]
        var env = ProcessInfo.processInfo.environment
        env.removeValue(forKey: "PARAPET_ADMIN_KEY")
        process.environment = env
        let out = Pipe()
        process.standardOutput = out
        process.standardError = FileHandle.nullDevice
        try process.run()
        var ready = false
        for _ in 0..<300 where !ready {
            ready = (try? await HTTP.request("GET", "http://127.0.0.1:\(port)/readyz"))?.0 == 200
            if !ready { try await Task.sleep(for: .milliseconds(50)) }
        }
        #expect(ready)
        kill(process.processIdentifier, SIGTERM)
        process.waitUntilExit()
        let printed = String(decoding: out.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        let secret = try #require(printed.split(separator: " ").map { $0.trimmingCharacters(in: .whitespacesAndNewlines) }.first { $0.hasPrefix("ppk_") })
        // The key works after a restart, and the secret itself is not in the database file.
        let server = try ServeProcess(dataDirectory: data, adminKey: "unused-but-long-enough-key", port: nil)
        try await server.start()
        let (status, _) = try await HTTP.request("GET", server.baseURL + "/v1/admin/keys", key: secret)
        #expect(status == 200)
        server.kill(signal: SIGTERM)
        let db = try Data(contentsOf: URL(fileURLWithPath: data + "/parapet.sqlite"))
        #expect(db.range(of: Data(secret.utf8)) == nil)
    }

    @Test func restartKeepsKeysAndAudit() async throws {
        let data = try temporaryDirectory()
        let first = try ServeProcess(dataDirectory: data, adminKey: adminKey)
        try await first.start()
        let (created, body) = try await HTTP.request("POST", first.baseURL + "/v1/admin/keys", key: adminKey, json: ["role": "client", "name": "app"])
        #expect(created == 201)
        let clientKey = try #require(HTTP.object(body)["secret"] as? String)
        let (status, guardBody) = try await HTTP.request("POST", first.baseURL + "/v1/guard", key: clientKey, json: ["direction": "input", "text": "mail bob@example.com"])
        #expect(status == 200)
        let auditID = try #require(HTTP.object(guardBody)["audit_id"] as? String)
        first.kill(signal: SIGTERM)
        #expect(first.process.terminationStatus == 0, "\(first.output)")

        let second = try ServeProcess(dataDirectory: data, adminKey: adminKey)
        try await second.start()
        let (again, _) = try await HTTP.request("POST", second.baseURL + "/v1/guard", key: clientKey, json: ["direction": "input", "text": "hello"])
        #expect(again == 200)
        let ids = try await Self.auditIDs(second, key: adminKey)
        #expect(ids.contains(auditID))
        #expect(ids.count == 2)
        second.kill(signal: SIGTERM)

        let export = try CLIRunner.run(["audit", "export", "--data", data, "--since", "1d", "--format", "jsonl"])
        #expect(export.status == 0, "\(export.stderr)")
        let lines = export.stdout.split(separator: "\n")
        #expect(lines.count == 2)
        let exported = HTTP.object(Data(lines[0].utf8))
        #expect(exported["id"] as? String == auditID)
        #expect(exported["redacted_text"] as? String == "mail [EMAIL]")
        #expect(!export.stdout.contains("bob@example.com"))
        let future = try CLIRunner.run(["audit", "export", "--data", data, "--since", "2999-01-01"])
        #expect(future.status == 0 && future.stdout.isEmpty)
        #expect(CLIRunner.runStatus(["audit", "export", "--data", data, "--since", "yesterday-ish"]) == 2)
        #expect(CLIRunner.runStatus(["audit", "verify", "--data", data + "/missing"]) == 2)
    }

    @Test func sigkillUnderLoadLosesNoAcknowledgedRecord() async throws {
        let data = try temporaryDirectory()
        let server = try ServeProcess(dataDirectory: data, adminKey: adminKey)
        try await server.start()
        let url = server.baseURL + "/v1/guard"
        let key = adminKey
        let acknowledged = await withTaskGroup(of: [String].self) { group in
            for worker in 0..<8 {
                group.addTask {
                    var ids: [String] = []
                    for i in 0..<10_000 {
                        guard let (status, body) = try? await HTTP.request("POST", url, key: key, json: ["direction": "input", "text": "worker \(worker) request \(i) card 4111 1111 1111 1111"]) else { break }
                        if status == 200, let id = HTTP.object(body)["audit_id"] as? String { ids.append(id) }
                    }
                    return ids
                }
            }
            group.addTask {
                try? await Task.sleep(for: .milliseconds(1_500))
                server.kill(signal: SIGKILL)
                return []
            }
            return await group.reduce(into: []) { $0 += $1 }
        }
        #expect(acknowledged.count > 50, "too few requests before the kill: \(acknowledged.count)")

        let restarted = try ServeProcess(dataDirectory: data, adminKey: adminKey)
        try await restarted.start()
        let stored = Set(try await Self.auditIDs(restarted, key: adminKey))
        let lost = acknowledged.filter { !stored.contains($0) }
        #expect(lost.isEmpty, "\(lost.count) acknowledged records missing after SIGKILL")
        restarted.kill(signal: SIGTERM)
        let verify = try CLIRunner.run(["audit", "verify", "--data", data])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("intact"))
    }

    @Test func verifyNamesEditedDeletedAndSwappedRows() async throws {
        let data = try temporaryDirectory()
        let server = try ServeProcess(dataDirectory: data, adminKey: adminKey)
        try await server.start()
        for i in 0..<30 {
            let (status, _) = try await HTTP.request("POST", server.baseURL + "/v1/guard", key: adminKey, json: ["direction": "input", "text": "message \(i)"])
            #expect(status == 200)
        }
        server.kill(signal: SIGTERM)
        #expect(CLIRunner.runStatus(["audit", "verify", "--data", data]) == 0)

        let db = try DatabaseQueue(path: data + "/parapet.sqlite")
        try await db.write { db in
            try db.execute(sql: "UPDATE audit_records SET action = 'block' WHERE seq = 5")
            try db.execute(sql: "DELETE FROM audit_records WHERE seq = 12")
            // Swap the contents of rows 20 and 21, keeping their sequence numbers.
            let columns = try db.columns(in: "audit_records").map(\.name).filter { $0 != "seq" }
            try db.execute(sql: "CREATE TEMP TABLE o AS SELECT * FROM audit_records WHERE seq IN (20, 21)")
            try db.execute(sql: "UPDATE audit_records SET id = id || '-tmp' WHERE seq IN (20, 21)")  // keep ids unique meanwhile
            for column in columns {
                try db.execute(sql: "UPDATE audit_records SET \(column) = (SELECT \(column) FROM o WHERE o.seq = CASE WHEN audit_records.seq = 20 THEN 21 ELSE 20 END) WHERE seq IN (20, 21)")
            }
        }
        let result = try CLIRunner.run(["audit", "verify", "--data", data, "--json"])
        #expect(result.status == 1)
        let object = HTTP.object(Data(result.stdout.utf8))
        let problems = (object["problems"] as? [[String: Any]] ?? []).map { ($0["kind"] as? String ?? "", $0["sequence"] as? Int ?? 0) }
        #expect(problems.contains { $0 == ("changed", 5) }, "\(problems)")
        #expect(problems.contains { $0 == ("missing", 12) }, "\(problems)")
        #expect(problems.contains { $0 == ("reordered", 20) }, "\(problems)")
        #expect(problems.contains { $0 == ("reordered", 21) }, "\(problems)")
        #expect(object["intact"] as? Bool == false)
    }

    /// Every audit id of the admin's tenant, following the cursor.
    static func auditIDs(_ server: ServeProcess, key: String) async throws -> [String] {
        var ids: [String] = []
        var cursor: String?
        repeat {
            let (status, body) = try await HTTP.request("GET", server.baseURL + "/v1/audit?limit=1000" + (cursor.map { "&after=\($0)" } ?? ""), key: key)
            guard status == 200 else { throw ServeProcess.ServeError(message: "audit list returned \(status)") }
            let object = HTTP.object(body)
            ids += (object["data"] as? [[String: Any]] ?? []).compactMap { $0["id"] as? String }
            cursor = (object["next_cursor"] as? Int).map(String.init) ?? object["next_cursor"] as? String
        } while cursor != nil
        return ids
    }
}
