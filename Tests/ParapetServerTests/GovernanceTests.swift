import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import ParapetCore
import ParapetGateway
import ParapetServer
import ParapetStore
import ParapetTesting
import Testing

/// Budgets, rate limits, loop breakers, caches, idempotency, degradation and kill switches, end
/// to end against the mock upstream: every limit's HTTP status, error type and audit record.
@Suite(.serialized) struct GovernanceTests {
    static func server(_ upstream: MockUpstream, _ governance: String, routes: String = chatRoute, stores: ParapetStores = .inMemory()) async throws -> TestServer {
        let yaml = """
            gateway:
              providers:
                mock:
                  kind: openai
                  base_url: \(upstream.baseURL)
                  first_token_timeout_ms: 15000   # generous: the 200-call budget test runs slow answers on loaded CI machines
                  total_timeout_ms: 30000
            \(governance)
              routes:
            \(routes)
            """
        let configuration = try ParapetConfiguration.parse(yaml: yaml)
        return try await TestServer(stores: stores, gateway: GatewayRouter.make(configuration: configuration.gateway, environment: [:]))
    }

    static let chatRoute = """
            chat:
              targets:
                - { provider: mock, model: mock-model, input_price: 1, output_price: 2 }
        """

    static func call(_ client: some TestClientProtocol, _ t: TestServer, _ key: String = "clientA", body: ByteBuffer, headers extra: [String: String] = [:]) async throws -> TestResponse {
        var headers = t.auth(key)
        for (name, value) in extra { if let field = HTTPField.Name(name) { headers[field] = value } }
        return try await client.execute(uri: "/v1/chat/completions", method: .post, headers: headers, body: body)
    }

    static func deterministic(_ content: String, extra: String = "") -> ByteBuffer {
        GatewayTests.chat("chat", content, extra: #","temperature":0"# + extra)
    }

    /// The `call` object of an audit record's metadata.
    static func call(_ t: TestServer, auditID: String?, tenant: String = "tenant-a") async throws -> [String: Any] {
        let id = try #require(auditID)
        let record = try #require(try await t.stores.audit.record(id: id, tenant: tenant))
        let metadata = try #require(record.entry.metadataJSON)
        return try #require((try JSONSerialization.jsonObject(with: Data(metadata.utf8)) as? [String: Any])?["call"] as? [String: Any])
    }

    static func error(_ response: TestResponse) throws -> [String: Any] {
        try #require(try object(response)["error"] as? [String: Any])
    }

    static let auditHeader = HTTPField.Name("x-parapet-audit-id")!

    // MARK: - Budgets

    @Test func twoHundredConcurrentCallsAgainstABudgetForFifty() async throws {
        try await GatewayTests.withUpstream { upstream in
            // Every answer takes a second, so all 200 reserve before any settles.
            upstream.defaultScenario = .slowStream(interval: .seconds(1))
            let probe = try ChatRequest(parsing: JSON.parse(Array(Self.deterministic("hello budget", extra: #","max_tokens":20"#).readableBytesView)))
            let perCall = TokenEstimate.promptTokens(probe) + 20
            let t = try await Self.server(upstream, """
                  budgets:
                    - { name: daily, scope: key, period: day, tokens: \(perCall * 50) }
                """)
            try await t.app.test(.router) { client in
                let results = try await withThrowingTaskGroup(of: (HTTPResponse.Status, Int?).self) { group in
                    for _ in 0..<200 {
                        group.addTask {
                            let response = try await Self.call(client, t, body: Self.deterministic("hello budget", extra: #","max_tokens":20"#))
                            var tokens: Int?
                            if response.status == .ok, let usage = try object(response)["usage"] as? [String: Any] {
                                tokens = (usage["prompt_tokens"] as? Int ?? 0) + (usage["completion_tokens"] as? Int ?? 0)
                            } else {
                                let error = try Self.error(response)
                                #expect(error["type"] as? String == "budget_exceeded")
                                #expect(error["code"] as? String == "daily")
                            }
                            return (response.status, tokens)
                        }
                    }
                    var all: [(HTTPResponse.Status, Int?)] = []
                    for try await result in group { all.append(result) }
                    return all
                }
                let ok = results.filter { $0.0 == .ok }
                #expect(ok.count == 50)
                #expect(results.filter { $0.0 == .tooManyRequests }.count == 150)
                #expect(upstream.callCount == 50)
                let spent = ok.compactMap(\.1).reduce(0, +)
                let account = BudgetPlan.charges(
                    [{ var r = BudgetRule(name: "daily", scope: .key); r.tokens = perCall * 50; return r }()],
                    subjects: BudgetSubjects(tenant: "tenant-a", keyID: t.keys["clientA"]?.id ?? "", user: nil, session: nil, feature: nil), at: Date())[0].charge.account
                let balance = try await t.stores.budgets.balance(account)
                #expect(balance.spent.tokens == Int64(spent), "reconciliation is exact to the token")
                #expect(balance.reserved == .zero)
                // The mock counts a quarter of the request's bytes as prompt tokens, more than the
                // estimate reserved, so the settled total may pass the limit: usage is recorded as it
                // happened. What cannot happen is a 51st call.
                #expect(balance.spent.tokens >= 0 && balance.reserved.tokens == 0)
            }
        }
    }

    @Test func budgetRefusalIsAuditedAndDowngradeMovesToTheCheaperRoute() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, """
                  budgets:
                    - { name: tiny, scope: user, period: month, cost_usd: 0.000001, on_exceed: downgrade, downgrade_route: mini }
                    - { name: session-cap, scope: session, period: total, tokens: 10 }
                """, routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-model, input_price: 1, output_price: 2 }
                    mini:
                      targets:
                        - { provider: mock, model: mini-model, input_price: 0, output_price: 0 }
                """)
            try await t.app.test(.router) { client in
                // The user's budget cannot pay for the chat route: the call runs on mini.
                let downgraded = try await Self.call(client, t, body: Self.deterministic("hello"), headers: ["x-parapet-user": "u1"])
                #expect(downgraded.status == .ok)
                #expect(downgraded.headers[HTTPField.Name("x-parapet-route")!] == "mini")
                #expect(downgraded.headers[HTTPField.Name("x-parapet-target")!] == "mock/mini-model")
                let call = try await Self.call(t, auditID: downgraded.headers[Self.auditHeader])
                let governance = try #require(call["governance"] as? [String: Any])
                #expect(governance["downgraded_from"] as? String == "chat")

                // A session budget of 10 tokens refuses outright.
                let refused = try await Self.call(client, t, body: Self.deterministic("hello"), headers: ["x-parapet-session": "s1"])
                #expect(refused.status == .tooManyRequests)
                let error = try Self.error(refused)
                #expect(error["type"] as? String == "budget_exceeded")
                #expect(error["code"] as? String == "session-cap")
                let audited = try await Self.call(t, auditID: refused.headers[Self.auditHeader])
                #expect(audited["outcome"] as? String == "budget_exceeded")
            }
        }
    }

    // MARK: - Rate limits and loops

    @Test func rateLimitsAnswer429WithRetryAfterAndAnAuditRecord() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, """
                  key_rate_limit: { requests_per_minute: 2 }
                """)
            try await t.app.test(.router) { client in
                for _ in 0..<2 {
                    #expect(try await Self.call(client, t, body: GatewayTests.chat("chat", "hi")).status == .ok)
                }
                let limited = try await Self.call(client, t, body: GatewayTests.chat("chat", "hi"))
                #expect(limited.status == .tooManyRequests)
                #expect(limited.headers[.retryAfter].flatMap(Int.init).map { $0 >= 1 && $0 <= 60 } == true)
                let error = try Self.error(limited)
                #expect(error["type"] as? String == "rate_limit_exceeded")
                #expect(error["code"] as? String == "key_requests_per_minute")
                #expect(try await Self.call(t, auditID: limited.headers[Self.auditHeader])["outcome"] as? String == "rate_limited")
                // Another key has its own bucket.
                #expect(try await Self.call(client, t, "clientB", body: GatewayTests.chat("chat", "hi")).status == .ok)
                #expect(upstream.callCount == 3)
            }
        }
    }

    @Test func routeTokenLimitRefusesARequestTooLargeForIt() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-model }
                      rate_limit: { tokens_per_minute: 100 }
                """)
            try await t.app.test(.router) { client in
                let response = try await Self.call(client, t, body: GatewayTests.chat("chat", "hi", extra: #","max_tokens":500"#))
                #expect(response.status == .tooManyRequests)
                #expect(try Self.error(response)["code"] as? String == "route_tokens_per_minute")
                #expect(upstream.callCount == 0)
            }
        }
    }

    @Test func loopBreakerStopsASessionAfterItsTurns() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, """
                  sessions: { max_turns: 3 }
                """)
            try await t.app.test(.router) { client in
                for _ in 0..<3 {
                    #expect(try await Self.call(client, t, body: GatewayTests.chat("chat", "again"), headers: ["x-parapet-session": "loop-1"]).status == .ok)
                }
                let stopped = try await Self.call(client, t, body: GatewayTests.chat("chat", "again"), headers: ["x-parapet-session": "loop-1"])
                #expect(stopped.status == .tooManyRequests)
                let error = try Self.error(stopped)
                #expect(error["type"] as? String == "session_limit_exceeded")
                #expect(error["code"] as? String == "max_turns")
                #expect(try await Self.call(t, auditID: stopped.headers[Self.auditHeader])["outcome"] as? String == "session_limit")
                #expect(try await Self.call(client, t, body: GatewayTests.chat("chat", "again"), headers: ["x-parapet-session": "loop-2"]).status == .ok)
            }
        }
    }

    @Test func loopBreakerWithReviewOutcomeHandsTheSessionToAPerson() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, """
                  sessions: { max_turns: 1, on_limit: review }
                """)
            try await t.app.test(.router) { client in
                _ = try await Self.call(client, t, body: GatewayTests.chat("chat", "x"), headers: ["x-parapet-session": "s"])
                let stopped = try await Self.call(client, t, body: GatewayTests.chat("chat", "x"), headers: ["x-parapet-session": "s"])
                #expect(stopped.status == .accepted)
                #expect(upstream.callCount == 1)
                let id = try #require(stopped.headers[HTTPField.Name("x-parapet-review-id")!])
                let audited = try await Self.call(t, auditID: stopped.headers[Self.auditHeader])
                #expect(audited["outcome"] as? String == "held_for_review")
                let fired = (audited["review"] as? [String: Any])?["fired"] as? [[String: Any]]
                #expect(fired?.first?["kind"] as? String == "hand_off")
                #expect((fired?.first?["detail"] as? String)?.contains("maximum of 1 turns") == true)

                // The reviewer writes the reply; the client gets it.
                _ = try await QualityTests.review(client, t, "/v1/review/items/\(id)/claim", method: .post)
                let edit = #"{"verdict":"edit","reason_code":"loop","edited_content":"Let's take this offline."}"#
                #expect(try await QualityTests.review(client, t, "/v1/review/items/\(id)/decision", method: .post, json: edit).status == .ok)
                let released = try await QualityTests.review(client, t, "/v1/reviews/\(id)", key: "clientA")
                #expect(try QualityTests.content(released) == "Let's take this offline.")
            }
        }
    }

    // MARK: - Caches

    @Test func exactCacheServesRepeatsWithoutTheUpstreamAndNeverAcrossTenants() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: Self.chatRoute + "\n      cache: { ttl_s: 60 }")
            try await t.app.test(.router) { client in
                let first = try await Self.call(client, t, body: Self.deterministic("What is 2+2?"))
                #expect(first.headers[HTTPField.Name("x-parapet-cache")!] == "miss")
                let second = try await Self.call(client, t, body: Self.deterministic("What is 2+2?"))
                #expect(second.status == .ok)
                #expect(second.headers[HTTPField.Name("x-parapet-cache")!] == "hit")
                #expect(upstream.callCount == 1)
                #expect(try object(second)["choices"] as? [[String: Any]] != nil)
                #expect(String(buffer: first.body) == String(buffer: second.body))
                let audited = try await Self.call(t, auditID: second.headers[Self.auditHeader])
                #expect((audited["governance"] as? [String: Any])?["cache"] as? String == "hit")

                // Tenant B asks the same: a miss, and its own upstream call.
                let other = try await Self.call(client, t, "clientB", body: Self.deterministic("What is 2+2?"))
                #expect(other.headers[HTTPField.Name("x-parapet-cache")!] == "miss")
                #expect(upstream.callCount == 2)

                // A warm request is neither served from nor stored in the cache.
                _ = try await Self.call(client, t, body: GatewayTests.chat("chat", "What is 2+2?", extra: #","temperature":0.7"#))
                #expect(upstream.callCount == 3)

                // A streaming request is served from the cache as a stream.
                let streamed = try await Self.call(client, t, body: GatewayTests.chat("chat", "What is 2+2?", stream: true, extra: #","temperature":0"#))
                #expect(streamed.headers[HTTPField.Name("x-parapet-cache")!] == "hit")
                let text = String(buffer: streamed.body)
                #expect(text.contains("chat.completion.chunk"))
                #expect(text.hasSuffix("data: [DONE]\n\n"))
                #expect(upstream.callCount == 3)
            }
        }
    }

    @Test func errorsAndBlockedAnswersAreNeverCached() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: Self.chatRoute + "\n      cache: { ttl_s: 60 }\n      max_attempts: 1")
            try await t.app.test(.router) { client in
                upstream.enqueue([.serverError])
                let failed = try await Self.call(client, t, body: Self.deterministic("cache me not"))
                #expect(failed.status != .ok)
                let retried = try await Self.call(client, t, body: Self.deterministic("cache me not"))
                #expect(retried.status == .ok)
                #expect(retried.headers[HTTPField.Name("x-parapet-cache")!] == "miss")

                // A blocked answer (a secret in the output) is not stored either.
                upstream.enqueue([.reply("Use AKIAZQ3DRT7YBWN5KXPL as the key.")])
                let blocked = try await Self.call(client, t, body: Self.deterministic("the key?"))
                #expect(blocked.status == .badRequest)
                let again = try await Self.call(client, t, body: Self.deterministic("the key?"))
                #expect(again.status == .ok)
                #expect(again.headers[HTTPField.Name("x-parapet-cache")!] == "miss")
                #expect(upstream.callCount == 4)
            }
        }
    }

    @Test func semanticCacheAnswersAParaphrase() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-model }
                      semantic_cache: { embeddings_route: embed, threshold: 0.9 }
                    embed:
                      targets:
                        - { provider: mock, model: embed-model }
                """)
            try await t.app.test(.router) { client in
                let first = try await Self.call(client, t, body: Self.deterministic("Tell me about the weather in Paris today"))
                #expect(first.status == .ok)
                let calls = upstream.callCount
                let second = try await Self.call(client, t, body: Self.deterministic("Tell me about the weather in Paris today"))
                #expect(second.headers[HTTPField.Name("x-parapet-cache")!] == "semantic_hit")
                #expect(second.headers[HTTPField.Name("x-parapet-cache-similarity")!] != nil)
                // Only the embeddings call reached the upstream.
                #expect(upstream.callCount == calls + 1)
                let other = try await Self.call(client, t, "clientB", body: Self.deterministic("Tell me about the weather in Paris today"))
                #expect(other.headers[HTTPField.Name("x-parapet-cache")!] == "miss")
            }
        }
    }

    // MARK: - Idempotency

    @Test func fiftyConcurrentDuplicatesMakeOneUpstreamCall() async throws {
        try await GatewayTests.withUpstream { upstream in
            upstream.defaultScenario = .slowStream(interval: .milliseconds(300))
            let t = try await Self.server(upstream, "")
            try await t.app.test(.router) { client in
                let responses = try await withThrowingTaskGroup(of: (HTTPResponse.Status, String, Bool).self) { group in
                    for _ in 0..<50 {
                        group.addTask {
                            let response = try await Self.call(client, t, body: GatewayTests.chat("chat", "charge the card"), headers: ["Idempotency-Key": "order-42"])
                            let replay = response.headers[HTTPField.Name("x-parapet-idempotent-replay")!] == "true"
                            return (response.status, String(buffer: response.body), replay)
                        }
                    }
                    var all: [(HTTPResponse.Status, String, Bool)] = []
                    for try await response in group { all.append(response) }
                    return all
                }
                #expect(upstream.callCount == 1)
                #expect(responses.allSatisfy { $0.0 == .ok })
                #expect(Set(responses.map(\.1)).count == 1, "every duplicate got the same body")
                #expect(responses.filter { !$0.2 }.count == 1, "exactly one original, 49 replays")

                // Same key, different body: 409.
                let conflict = try await Self.call(client, t, body: GatewayTests.chat("chat", "charge twice"), headers: ["Idempotency-Key": "order-42"])
                #expect(conflict.status == .conflict)
                #expect(try Self.error(conflict)["code"] as? String == "idempotency_key_reused")
                // Another tenant's key space is its own.
                let other = try await Self.call(client, t, "clientB", body: GatewayTests.chat("chat", "charge the card"), headers: ["Idempotency-Key": "order-42"])
                #expect(other.headers[HTTPField.Name("x-parapet-idempotent-replay")!] == nil)
                #expect(upstream.callCount == 2)
            }
        }
    }

    @Test func idempotencyRejectsBadKeysAndStreams() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "")
            try await t.app.test(.router) { client in
                let bad = try await Self.call(client, t, body: GatewayTests.chat("chat", "x"), headers: ["Idempotency-Key": String(repeating: "k", count: 300)])
                #expect(bad.status == .badRequest)
                #expect(try Self.error(bad)["code"] as? String == "invalid_idempotency_key")
                let stream = try await Self.call(client, t, body: GatewayTests.chat("chat", "x", stream: true), headers: ["Idempotency-Key": "s1"])
                #expect(stream.status == .badRequest)
                #expect(try Self.error(stream)["code"] as? String == "idempotency_unsupported")
                #expect(upstream.callCount == 0)
            }
        }
    }

    // MARK: - Degradation

    @Test func degradationChainGoesCheaperRouteThenCacheThenStaticReply() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-server_error }
                      max_attempts: 1
                      cache: { ttl_s: 1 }
                      degrade: { route: mini, cached: true, reply: "We are busy; please try again shortly.", escalate: true }
                    mini:
                      targets:
                        - { provider: mock, model: mock-model }
                      max_attempts: 1
                """)
            try await t.app.test(.router) { client in
                // Level 2: the primary fails, the cheaper route answers.
                let cheaper = try await Self.call(client, t, body: Self.deterministic("status?"))
                #expect(cheaper.status == .ok)
                #expect(cheaper.headers[HTTPField.Name("x-parapet-degraded")!] == "route:mini")
                let audited = try await Self.call(t, auditID: cheaper.headers[Self.auditHeader])
                #expect((audited["governance"] as? [String: Any])?["degraded"] as? [String] == ["route:mini"])

                // Level 4: both fail and nothing is cached: the configured reply, marked.
                upstream.enqueue([.serverError, .serverError])
                let reply = try await Self.call(client, t, body: Self.deterministic("other question"))
                #expect(reply.status == .ok)
                #expect(reply.headers[HTTPField.Name("x-parapet-degraded")!] == "static_reply")
                #expect(String(buffer: reply.body).contains("We are busy"))
                #expect(String(buffer: reply.body).contains("parapet-static-reply"))
            }
        }
    }

    @Test func degradationServesAStaleCachedAnswerAndEscalatesLast() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-model }
                      max_attempts: 1
                      cache: { ttl_s: 1 }
                      degrade: { cached: true, escalate: true }
                """)
            try await t.app.test(.router) { client in
                #expect(try await Self.call(client, t, body: Self.deterministic("cached later")).status == .ok)
                try await Task.sleep(for: .milliseconds(1_100))
                upstream.enqueue([.serverError])
                let stale = try await Self.call(client, t, body: Self.deterministic("cached later"))
                #expect(stale.status == .ok)
                #expect(stale.headers[HTTPField.Name("x-parapet-degraded")!] == "cached")
                #expect(stale.headers[HTTPField.Name("x-parapet-cache")!] == "stale_hit")

                upstream.enqueue([.serverError])
                let escalated = try await Self.call(client, t, body: Self.deterministic("never seen"))
                #expect(escalated.status == .accepted)
                let id = try #require(escalated.headers[HTTPField.Name("x-parapet-review-id")!])
                let audited = try await Self.call(t, auditID: escalated.headers[Self.auditHeader])
                #expect(audited["outcome"] as? String == "held_for_review")
                #expect((audited["governance"] as? [String: Any])?["degraded"] as? [String] == ["cached", "escalate"])
                let item = try #require(try await t.stores.reviews.item(id: id, tenant: "tenant-a"))
                #expect(String(decoding: item.triggers, as: UTF8.self).contains("every target of route chat failed"))
                // Approved as it is, the client gets the hand-off reply.
                _ = try await QualityTests.review(client, t, "/v1/review/items/\(id)/claim", method: .post)
                _ = try await QualityTests.review(client, t, "/v1/review/items/\(id)/decision", method: .post, json: #"{"verdict":"approve","reason_code":"ok"}"#)
                let released = try await QualityTests.review(client, t, "/v1/reviews/\(id)", key: "clientA")
                #expect(released.status == .ok)
                #expect(try QualityTests.content(released).contains("a person has reviewed your request"))
            }
        }
    }

    // MARK: - Kill switches

    @Test func killSwitchesTakeEffectAtOnceAndAreAudited() async throws {
        try await GatewayTests.withUpstream { upstream in
            let t = try await Self.server(upstream, "", routes: """
                    chat:
                      targets:
                        - { provider: mock, model: mock-model }
                        - { provider: mock, model: backup-model, weight: 0 }
                """)
            try await t.app.test(.router) { client in
                func set(_ json: String) async throws -> TestResponse {
                    try await client.execute(uri: "/v1/admin/switches", method: .post, headers: t.auth("adminA"), body: body(json))
                }
                // Route off: 503 route_disabled for tenant A only.
                #expect(try await set(#"{"kind":"route","name":"chat","reason":"incident 7"}"#).status == .ok)
                let off = try await Self.call(client, t, body: GatewayTests.chat("chat", "hi"))
                #expect(off.status == .serviceUnavailable)
                #expect(try Self.error(off)["type"] as? String == "route_disabled")
                #expect(try await Self.call(t, auditID: off.headers[Self.auditHeader])["outcome"] as? String == "route_disabled")
                #expect(try await Self.call(client, t, "clientB", body: GatewayTests.chat("chat", "hi")).status == .ok)
                let removed = try await client.execute(uri: "/v1/admin/switches/route/chat", method: .delete, headers: t.auth("adminA"))
                #expect(removed.status == .noContent)
                #expect(try await Self.call(client, t, body: GatewayTests.chat("chat", "hi")).status == .ok)

                // Target off: the router skips it and falls back.
                #expect(try await set(#"{"kind":"target","name":"mock/mock-model","reason":"bad answers"}"#).status == .ok)
                let skipped = try await Self.call(client, t, body: GatewayTests.chat("chat", "hi"))
                #expect(skipped.headers[HTTPField.Name("x-parapet-target")!] == "mock/backup-model")

                // Tool off: a request offering it is refused.
                #expect(try await set(#"{"kind":"tool","name":"wire_money","reason":"fraud"}"#).status == .ok)
                let tool = try await Self.call(client, t, body: GatewayTests.chat(
                    "chat", "pay", extra: #","tools":[{"type":"function","function":{"name":"wire_money","parameters":{"type":"object"}}}]"#))
                #expect(tool.status == .badRequest)
                #expect(try Self.error(tool)["type"] as? String == "tool_disabled")

                // Category off: an answer with an email is blocked although the policy redacts it.
                #expect(try await set(#"{"kind":"category","name":"pii.email","reason":"leak"}"#).status == .ok)
                upstream.enqueue([.reply("Write to ceo@example.com")])
                let blocked = try await Self.call(client, t, body: GatewayTests.chat("chat", "who?"))
                #expect(blocked.status == .badRequest)
                #expect(try Self.error(blocked)["code"] as? String == "pii.email")

                // Bad switches are refused; the list shows the tenant's own; changes are audited.
                #expect(try await set(#"{"kind":"fail_mode","name":"chat","reason":"x"}"#).status == .badRequest)
                #expect(try await set(#"{"kind":"planet","name":"x","reason":"x"}"#).status == .badRequest)
                #expect(try await set(#"{"kind":"route","name":"x","reason":"x","extra":1}"#).status == .badRequest)
                let list = try object(try await client.execute(uri: "/v1/admin/switches", method: .get, headers: t.auth("adminA")))
                #expect((list["data"] as? [[String: Any]])?.count == 3)
                let listB = try object(try await client.execute(uri: "/v1/admin/switches", method: .get, headers: t.auth("adminB")))
                #expect((listB["data"] as? [[String: Any]])?.isEmpty == true)
                #expect(try await client.execute(uri: "/v1/admin/switches", method: .get, headers: t.auth("clientA")).status == .forbidden)
                let records = try await t.stores.audit.records(AuditQuery(tenant: "tenant-a", limit: 1_000))
                let changes = records.filter { $0.entry.metadataJSON?.contains("\"switch\"") == true }
                #expect(changes.count == 5)
            }
        }
    }
}
