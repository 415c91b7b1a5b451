import Foundation
import ParapetTesting
import Synchronization
import Testing

/// No lost decision: `parapet serve` is SIGKILLed while clients are getting answers held for
/// review and reviewers are claiming and deciding them. After a restart on the same data
/// directory every acknowledged hold (each 202 a client received) is in the queue, every
/// acknowledged decision (each 200 a reviewer received) is in force and audited, every
/// acknowledged audit id is stored, the chain verifies, and a held answer approved after the
/// restart reaches its client exactly once.
@Suite(.serialized) struct ReviewCrashTests {
    /// What the clients and reviewers were told before the kill.
    final class Acknowledged: Sendable {
        struct State {
            /// Review id → audit id of the held call, for every 202.
            var holds: [String: String] = [:]
            /// Holds handed to a reviewer, in order.
            var taken: Set<String> = []
            var queue: [String] = []
            /// Review id → the verdict a reviewer got a 200 for.
            var decisions: [String: String] = [:]
        }

        let state = Mutex(State())

        func held(_ id: String, auditID: String) {
            state.withLock {
                $0.holds[id] = auditID
                $0.queue.append(id)
            }
        }

        /// The oldest hold no reviewer has taken yet.
        func take() -> String? {
            state.withLock { state in
                guard let id = state.queue.first(where: { !state.taken.contains($0) }) else { return nil }
                state.taken.insert(id)
                return id
            }
        }

        func decided(_ id: String, verdict: String) {
            state.withLock { $0.decisions[id] = verdict }
        }

        var snapshot: State { state.withLock { $0 } }
    }

    @Test func sigkillWhileItemsAreHeldLosesNoItemDecisionOrRecord() async throws {
        try await ReviewFixture.withUpstream { upstream in try await Self.crash(upstream) }
    }

    static func crash(_ upstream: MockUpstream) async throws {
        upstream.defaultScenario = ReviewFixture.completion("Your refund of 40 EUR is on its way.", confidence: 0.6)
        let data = try temporaryDirectory()
        let server = try ReviewFixture.serve(data: data, upstream: upstream)
        try await server.start()
        let keys = try await ReviewFixture.keys(server, roles: ["client", "reviewer", "reviewer"])
        let client = keys[0]
        let acknowledged = Acknowledged()
        let started = ContinuousClock.now

        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<6 {
                group.addTask {
                    for _ in 0..<10_000 {
                        // A failed request (a timeout on a loaded machine) is retried until the kill.
                        guard let (status, headers, body) = try? await ReviewFixture.chat(server, key: client, model: "support", feature: "refund")
                        else {
                            if server.process.isRunning { continue } else { return }
                        }
                        if status == 202, let id = HTTP.object(body)["id"] as? String, let auditID = headers["x-parapet-audit-id"] {
                            acknowledged.held(id, auditID: auditID)
                        }
                    }
                }
            }
            for (index, reviewer) in keys.dropFirst().enumerated() {
                group.addTask {
                    var turn = 0
                    while server.process.isRunning {
                        guard let id = acknowledged.take() else {
                            guard server.process.isRunning else { return }
                            try? await Task.sleep(for: .milliseconds(5))
                            continue
                        }
                        turn += 1
                        let verdict = (turn + index) % 2 == 0 ? "approve" : "reject"
                        guard let (claimed, _) = try? await HTTP.request("POST", server.baseURL + "/v1/review/items/\(id)/claim", key: reviewer) else { return }
                        guard claimed == 200 else { continue }
                        guard let (decided, _) = try? await HTTP.request(
                            "POST", server.baseURL + "/v1/review/items/\(id)/decision", key: reviewer,
                            json: ["verdict": verdict, "reason_code": "crash_\(verdict)"])
                        else { return }
                        if decided == 200 { acknowledged.decided(id, verdict: verdict) }
                    }
                }
            }
            group.addTask {
                // Kill once enough is going on: 300 holds and 60 decisions, or after 8 s the
                // minimum the test needs (50 and 10; a loaded CI machine is slow), or at 90 s.
                while ContinuousClock.now - started < .seconds(90) {
                    let state = acknowledged.snapshot
                    if state.holds.count >= 300, state.decisions.count >= 60 { break }
                    if ContinuousClock.now - started >= .seconds(8), state.holds.count >= 50, state.decisions.count >= 10 { break }
                    try? await Task.sleep(for: .milliseconds(20))
                }
                server.kill(signal: SIGKILL)
            }
        }
        let before = acknowledged.snapshot
        #expect(before.holds.count >= 50, "too few holds before the kill: \(before.holds.count)")
        #expect(before.decisions.count >= 10, "too few decisions before the kill: \(before.decisions.count)")

        let restarted = try ServeProcess(dataDirectory: data, adminKey: ReviewFixture.adminKey, extraArguments: ["--config", data + "/parapet.yaml"])
        try await restarted.start()

        // Every acknowledged audit id, and an audited decision behind every acknowledged one.
        let records = try await Self.auditRecords(restarted)
        let stored = Set(records.compactMap { $0["id"] as? String })
        let lostRecords = before.holds.values.filter { !stored.contains($0) }
        #expect(lostRecords.isEmpty, "\(lostRecords.count) acknowledged audit records missing after SIGKILL")
        var auditedVerdicts: [String: String] = [:]
        for record in records {
            guard let review = (record["metadata"] as? [String: Any])?["review"] as? [String: Any],
                review["action"] as? String == "review.decision", let id = review["id"] as? String
            else { continue }
            auditedVerdicts[id] = review["verdict"] as? String
        }
        for (id, verdict) in before.decisions {
            #expect(auditedVerdicts[id] == verdict, "decision \(verdict) on \(id) acknowledged but its audit record says \(auditedVerdicts[id] ?? "nothing")")
        }

        // Every acknowledged hold is in the queue, in the state its acknowledged decision left it.
        var pending: [String] = []
        var lostItems: [String] = []
        for id in before.holds.keys.sorted() {
            let (status, _, body) = try await ReviewFixture.send("GET", restarted.baseURL + "/v1/reviews/\(id)", key: client)
            switch (status, before.decisions[id]) {
            case (404, _): lostItems.append(id)
            case (200, "approve"?), (200, nil):
                #expect(Self.content(body) == "Your refund of 40 EUR is on its way.")
            case (422, "reject"?), (422, nil):
                #expect((HTTP.object(body)["error"] as? [String: Any])?["type"] as? String == "review_rejected")
            case (202, nil):
                if !before.taken.contains(id) { pending.append(id) }
            default:
                Issue.record("review \(id): status \(status) after an acknowledged \(before.decisions[id] ?? "no") decision")
            }
        }
        #expect(lostItems.isEmpty, "\(lostItems.count) acknowledged holds missing after SIGKILL: \(lostItems.prefix(5))")

        // A hold nobody touched before the crash is approved now and delivered exactly once.
        let id = try #require(pending.first, "no untouched pending hold left to approve")
        let reviewer = keys[1]
        let (claimed, _) = try await HTTP.request("POST", restarted.baseURL + "/v1/review/items/\(id)/claim", key: reviewer)
        #expect(claimed == 200)
        let (approved, _) = try await HTTP.request(
            "POST", restarted.baseURL + "/v1/review/items/\(id)/decision", key: reviewer, json: ["verdict": "approve", "reason_code": "after_restart"])
        #expect(approved == 200)
        let (released, releasedHeaders, releasedBody) = try await ReviewFixture.send("GET", restarted.baseURL + "/v1/reviews/\(id)?wait=5", key: client)
        #expect(released == 200)
        #expect(releasedHeaders["x-parapet-review-status"] == "approved")
        #expect(Self.content(releasedBody) == "Your refund of 40 EUR is on its way.")
        let (again, _, againBody) = try await ReviewFixture.send("GET", restarted.baseURL + "/v1/reviews/\(id)", key: client)
        #expect(again == 409)
        #expect((HTTP.object(againBody)["error"] as? [String: Any])?["code"] as? String == "already_released")

        restarted.kill(signal: SIGTERM)
        let verify = try CLIRunner.run(["audit", "verify", "--data", data])
        #expect(verify.status == 0, "\(verify.stdout)\(verify.stderr)")
        #expect(verify.stdout.contains("intact"))
        print("review crash test: \(before.holds.count) holds and \(before.decisions.count) decisions acknowledged before SIGKILL, none lost")
    }

    /// The first choice's message content of a chat completion body.
    static func content(_ body: Data) -> String? {
        let choices = HTTP.object(body)["choices"] as? [[String: Any]]
        return (choices?.first?["message"] as? [String: Any])?["content"] as? String
    }

    /// Every audit record of the admin's tenant, following the cursor.
    static func auditRecords(_ server: ServeProcess) async throws -> [[String: Any]] {
        var records: [[String: Any]] = []
        var cursor: String?
        repeat {
            let (status, body) = try await HTTP.request(
                "GET", server.baseURL + "/v1/audit?limit=1000" + (cursor.map { "&after=\($0)" } ?? ""), key: ReviewFixture.adminKey)
            guard status == 200 else { throw ServeProcess.ServeError(message: "audit list returned \(status)") }
            let object = HTTP.object(body)
            records += object["data"] as? [[String: Any]] ?? []
            cursor = (object["next_cursor"] as? Int).map(String.init) ?? object["next_cursor"] as? String
        } while cursor != nil
        return records
    }
}
