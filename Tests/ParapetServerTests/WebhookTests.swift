import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetGuards
@testable import ParapetServer
import ParapetStore
import ParapetTesting
import ServiceLifecycle
import Synchronization
import Testing

/// Review webhooks: signatures, payloads without content, the retry policy, delivery against a
/// local receiver (retries, refusals, a hanging receiver, overflow, drain), the queue decorator,
/// configuration, and end to end from a held gateway call to a reviewer's approval.
@Suite(.serialized) struct WebhookTests {
    static let secret = Array("whsec_test".utf8)
    static let fixedNow = Date(timeIntervalSince1970: 1_767_225_600)
    static let quiet = Logger(label: "parapet.webhook-test") { _ in SwiftLogNoOpLogHandler() }

    // MARK: - Signature

    @Test func signatureMatchesAnIndependentHMAC() throws {
        // Computed with Python's hmac module: hmac.new(b"whsec_test", b'1767225600.{"type":"review.created"}', sha256).
        let body = Array(#"{"type":"review.created"}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: Self.secret, timestamp: 1_767_225_600)
        #expect(header == "t=1767225600,v1=b1200fdfe16570fef0138fda9d7bcf9afe2fe5a99147a62afc94e1eed554ef39")
        try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow)
    }

    @Test func tamperedWrongSecretStaleAndMalformedAreRejected() throws {
        let body = Array(#"{"review":{"id":"rev_1","status":"approved"}}"#.utf8)
        let header = WebhookSignature.header(body: body, secret: Self.secret, timestamp: 1_767_225_600)
        try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow.addingTimeInterval(300))
        try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow.addingTimeInterval(-300))

        var tampered = body
        tampered[tampered.count - 4] = UInt8(ascii: "X")
        #expect(throws: WebhookSignatureError.mismatch) { try WebhookSignature.verify(header: header, body: tampered, secret: Self.secret, now: Self.fixedNow) }
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature.verify(header: header, body: body, secret: Array("whsec_other".utf8), now: Self.fixedNow)
        }
        #expect(throws: WebhookSignatureError.stale) {
            try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow.addingTimeInterval(301))
        }
        #expect(throws: WebhookSignatureError.stale) {
            try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow.addingTimeInterval(-301))
        }
        #expect(throws: WebhookSignatureError.stale) {
            try WebhookSignature.verify(header: header, body: body, secret: Self.secret, now: Self.fixedNow.addingTimeInterval(40), tolerance: 30)
        }
        // A timestamp moved forward keeps its MAC no more.
        let moved = header.replacingOccurrences(of: "t=1767225600", with: "t=1767225700")
        #expect(throws: WebhookSignatureError.mismatch) { try WebhookSignature.verify(header: moved, body: body, secret: Self.secret, now: Self.fixedNow) }
        for malformed in ["", "v1=abc", "t=,v1=00", "t=12a,v1=00", "t=1,t=2,v1=00", "garbage"] {
            #expect(throws: WebhookSignatureError.malformed) { try WebhookSignature.verify(header: malformed, body: body, secret: Self.secret, now: Self.fixedNow) }
        }
        #expect(throws: WebhookSignatureError.mismatch) {
            try WebhookSignature.verify(header: "t=1767225600,v1=zz", body: body, secret: Self.secret, now: Self.fixedNow)
        }
        // Rotation: any of several v1 may match.
        let other = WebhookSignature.header(body: body, secret: Array("old".utf8), timestamp: 1_767_225_600)
        let both = other + "," + header.split(separator: ",")[1]
        try WebhookSignature.verify(header: both, body: body, secret: Self.secret, now: Self.fixedNow)
    }

    // MARK: - Payloads

    static let content = ["SECRET-REQUEST", "SECRET-SUGGESTION", "SECRET-EDIT", "SECRET-COMMENT", "SECRET-USER", "SECRET-SUBJECT", "SECRET-REASONING"]

    /// An item whose every content field holds a marker that no payload may contain.
    static func item(id: String = "rev_1", tenant: String = "tenant-a", route: String = "refunds", approvals: Int = 2, now: Date = fixedNow) -> ReviewItem {
        ReviewItem(
            id: id, tenant: tenant, route: route, kind: .preAction, level: .high, priority: 0.756, requiredApprovals: approvals,
            requiresSenior: false, createdAt: now, expiresAt: now.addingTimeInterval(3_600), onExpiry: .reject, taskType: "refund",
            subject: "SECRET-SUBJECT", user: "SECRET-USER", category: "pii.email", request: Array(#"{"messages":"SECRET-REQUEST"}"#.utf8),
            suggestion: Array(#"{"choices":"SECRET-SUGGESTION"}"#.utf8), confidence: 0.6, findings: Array("[]".utf8), triggers: Array("[]".utf8),
            reasoning: "SECRET-REASONING", auditID: "aud_1")
    }

    /// The events of an item's life: created, one approval of two, an edit that resolves it.
    static func lifeEvents() -> [ReviewEvent] {
        var item = Self.item()
        var events = [ReviewEvent.created(item, at: fixedNow)]
        _ = item.claim(reviewer: "key_r1", lease: .seconds(60), now: fixedNow)
        _ = item.decide(ReviewDecision(reviewerKeyID: "key_r1", senior: false, verdict: .approve, reasonCode: "looks_right", comment: "SECRET-COMMENT", at: fixedNow), now: fixedNow)
        if let event = ReviewEvent.decided(item, at: fixedNow) { events.append(event) }
        _ = item.claim(reviewer: "key_r2", lease: .seconds(60), now: fixedNow)
        _ = item.decide(
            ReviewDecision(reviewerKeyID: "key_r2", senior: true, verdict: .edit, reasonCode: "tone", comment: "SECRET-COMMENT", editedBody: Array("SECRET-EDIT".utf8), at: fixedNow),
            now: fixedNow)
        if let event = ReviewEvent.decided(item, at: fixedNow) { events.append(event) }
        if let event = ReviewEvent.resolved(item, at: fixedNow) { events.append(event) }
        return events
    }

    static func json(_ bytes: [UInt8]) throws -> [String: Any] {
        try #require(try JSONSerialization.jsonObject(with: Data(bytes)) as? [String: Any])
    }

    @Test func genericPayloadCarriesStateButNoContent() throws {
        let events = Self.lifeEvents()
        #expect(events.map(\.kind) == [.created, .decided, .decided, .resolved])
        for event in events {
            let text = String(decoding: WebhookPayload.body(event, format: .generic, consoleURL: nil), as: UTF8.self)
            for marker in Self.content { #expect(!text.contains(marker), "\(event.kind.rawValue) leaks \(marker)") }
        }
        let created = try Self.json(WebhookPayload.body(events[0], format: .generic, consoleURL: nil))
        #expect(created["type"] as? String == "review.created")
        #expect((created["id"] as? String)?.hasPrefix("evt_") == true)
        #expect(created["decision"] == nil)
        let review = try #require(created["review"] as? [String: Any])
        #expect(review["id"] as? String == "rev_1")
        #expect(review["tenant"] as? String == "tenant-a")
        #expect(review["route"] as? String == "refunds")
        #expect(review["kind"] as? String == "pre_action")
        #expect(review["level"] as? String == "high")
        #expect(review["priority"] as? Double == 0.756)
        #expect(review["status"] as? String == "pending")
        #expect(review["verdict"] is NSNull)
        #expect(review["approvals"] as? Int == 0)
        #expect(review["required_approvals"] as? Int == 2)
        #expect(review["created_at"] as? String == "2026-01-01T00:00:00.000000Z")
        #expect(review["expires_at"] as? String == "2026-01-01T01:00:00.000000Z")
        #expect(review["poll"] as? String == "/v1/reviews/rev_1")
        #expect(review["audit_id"] as? String == "aud_1")

        let decided = try Self.json(WebhookPayload.body(events[1], format: .generic, consoleURL: nil))
        #expect(decided["type"] as? String == "review.decided")
        let decidedReview = try #require(decided["review"] as? [String: Any])
        #expect(decidedReview["approvals"] as? Int == 1)
        #expect(decidedReview["verdict"] as? String == "approve")
        #expect(decidedReview["reason_code"] as? String == "looks_right")
        let decision = try #require(decided["decision"] as? [String: Any])
        #expect(decision["reviewer"] as? String == "key_r1")
        #expect(Set(decision.keys) == ["reviewer", "senior", "verdict", "reason_code", "at"])

        let resolved = try Self.json(WebhookPayload.body(events[3], format: .generic, consoleURL: nil))
        #expect(resolved["type"] as? String == "review.resolved")
        let resolvedReview = try #require(resolved["review"] as? [String: Any])
        #expect(resolvedReview["status"] as? String == "edited")
        #expect(resolvedReview["verdict"] as? String == "edit")
        #expect(resolvedReview["reason_code"] as? String == "tone")
        #expect(resolvedReview["resolved_at"] as? String == "2026-01-01T00:00:00.000000Z")
    }

    @Test func slackPayloadIsAnIncomingWebhookMessageWithoutContent() throws {
        for event in Self.lifeEvents() {
            let text = String(decoding: WebhookPayload.body(event, format: .slack, consoleURL: "https://parapet.example.com/console/"), as: UTF8.self)
            for marker in Self.content { #expect(!text.contains(marker), "\(event.kind.rawValue) leaks \(marker)") }
        }
        let created = try Self.json(WebhookPayload.body(Self.lifeEvents()[0], format: .slack, consoleURL: "https://parapet.example.com/console/"))
        #expect(created["text"] as? String == "Review rev_1 needs a reviewer (route refunds, high)")
        let blocks = try #require(created["blocks"] as? [[String: Any]])
        #expect(blocks.count == 1)
        #expect(blocks[0]["type"] as? String == "section")
        let section = try #require(blocks[0]["text"] as? [String: Any])
        #expect(section["type"] as? String == "mrkdwn")
        #expect(section["text"] as? String == "*Review rev_1 needs a reviewer*\n<https://parapet.example.com/console/items/rev_1|Open in the console>")
        let fields = try #require(blocks[0]["fields"] as? [[String: Any]]).compactMap { $0["text"] as? String }
        #expect(fields == ["*Route*\nrefunds", "*Level*\nhigh", "*Priority*\n0.76", "*Approvals*\n0/2", "*Status*\npending", "*Tenant*\ntenant-a"])

        let decided = try Self.json(WebhookPayload.body(Self.lifeEvents()[1], format: .slack, consoleURL: nil))
        #expect((decided["text"] as? String)?.hasPrefix("Review rev_1: approval 1/2 recorded (looks_right)") == true)
        #expect(!String(describing: decided).contains("console"))

        // A route name cannot forge a link or a mention.
        let hostile = ReviewEvent.created(Self.item(route: "<!channel> & <https://evil|x>"), at: Self.fixedNow)
        let body = String(decoding: WebhookPayload.body(hostile, format: .slack, consoleURL: nil), as: UTF8.self)
        #expect(body.contains("&lt;!channel&gt; &amp; &lt;https://evil|x&gt;"))
        #expect(!body.contains("*Route*\\n<!channel>"))
    }

    // MARK: - Retry policy

    @Test func backoffIsExponentialWithFullJitterAndACap() {
        let policy = WebhookRetryPolicy()
        #expect(policy.backoff(after: 1, unit: 1) == .milliseconds(500))
        #expect(policy.backoff(after: 2, unit: 1) == .seconds(1))
        #expect(policy.backoff(after: 3, unit: 1) == .seconds(2))
        #expect(policy.backoff(after: 3, unit: 0.25) == .milliseconds(500))
        #expect(policy.backoff(after: 3, unit: 0) == .zero)
        #expect(policy.backoff(after: 8, unit: 1) == .seconds(60))
        #expect(policy.backoff(after: 400, unit: 1) == .seconds(60))
        #expect(policy.backoff(after: 2, unit: 7) == .seconds(1))
        #expect(policy.backoff(after: 2, unit: .nan) == .zero)
    }

    @Test func whatIsRetried() {
        let policy = WebhookRetryPolicy(maxAttempts: 3)
        #expect(policy.next(after: 1, result: .status(204, retryAfter: nil), unit: 1) == .delivered)
        #expect(policy.next(after: 1, result: .status(503, retryAfter: nil), unit: 1) == .retry(after: .milliseconds(500)))
        #expect(policy.next(after: 1, result: .status(500, retryAfter: nil), unit: 1) == .retry(after: .milliseconds(500)))
        #expect(policy.next(after: 2, result: .status(429, retryAfter: .seconds(7)), unit: 1) == .retry(after: .seconds(7)))
        #expect(policy.next(after: 2, result: .status(429, retryAfter: .milliseconds(100)), unit: 1) == .retry(after: .seconds(1)))
        #expect(policy.next(after: 1, result: .status(503, retryAfter: .seconds(86_400)), unit: 1) == .retry(after: .seconds(300)))
        #expect(policy.next(after: 1, result: .failed("connection refused"), unit: 0.5) == .retry(after: .milliseconds(250)))
        for status in [400, 401, 403, 404, 410, 422, 301, 100] {
            guard case .giveUp = policy.next(after: 1, result: .status(status, retryAfter: nil), unit: 1) else {
                Issue.record("\(status) should not be retried")
                continue
            }
        }
        guard case .giveUp = policy.next(after: 3, result: .status(503, retryAfter: nil), unit: 1) else {
            Issue.record("the last attempt should give up")
            return
        }
    }

    @Test func retryAfterIsSecondsOrAnHTTPDate() {
        let now = Date(timeIntervalSince1970: 1_445_412_420)  // Wed, 21 Oct 2015 07:27:00 GMT
        #expect(WebhookRetryPolicy.retryAfter("120", now: now) == .seconds(120))
        #expect(WebhookRetryPolicy.retryAfter(" 3 ", now: now) == .seconds(3))
        #expect(WebhookRetryPolicy.retryAfter("Wed, 21 Oct 2015 07:28:00 GMT", now: now) == .seconds(60))
        #expect(WebhookRetryPolicy.retryAfter("Wed, 21 Oct 2015 07:00:00 GMT", now: now) == .zero)
        #expect(WebhookRetryPolicy.retryAfter("-5", now: now) == nil)
        #expect(WebhookRetryPolicy.retryAfter("soon", now: now) == nil)
        #expect(WebhookRetryPolicy.retryAfter("99999999999999", now: now) == nil)
    }

    // MARK: - Delivery

    /// A notifier on `targets` whose backoff waits are recorded instead of slept, with the jitter's
    /// draw at its maximum and a fixed clock.
    static func notifier(_ targets: [WebhookTarget], settings: WebhookNotifier.Settings = .init(), transport: any WebhookTransport = HTTPWebhookTransport(), sleeps: Sleeps = Sleeps())
        -> WebhookNotifier
    {
        let dependencies = WebhookNotifier.Dependencies(
            transport: transport, now: { fixedNow }, sleep: { duration in sleeps.record(duration) }, random: { 1 })
        return WebhookNotifier(targets: targets, settings: settings, dependencies: dependencies, logger: quiet)
    }

    static func target(_ url: String, format: WebhookFormat = .generic, events: Set<ReviewEventKind> = Set(ReviewEventKind.allCases), tenants: Set<String>? = nil, maxAttempts: Int = 6, timeout: Duration = .seconds(5)) -> WebhookTarget {
        WebhookTarget(
            endpoint: WebhookEndpoint(url: url, secretEnv: "PARAPET_WEBHOOK_SECRET", format: format, events: events, tenants: tenants, timeout: timeout, maxAttempts: maxAttempts),
            secret: secret)
    }

    /// Verifies every request's signature and returns the delivery ids.
    static func verified(_ requests: [Receiver.Received], now: Date = fixedNow) throws -> [String] {
        try requests.map { request in
            let header = try #require(request.headers["x-parapet-signature"])
            try WebhookSignature.verify(header: header, body: request.body, secret: secret, now: now)
            #expect(request.headers["content-type"] == "application/json")
            return try #require(request.headers["x-parapet-delivery"])
        }
    }

    @Test func failuresAreRetriedWithBackoffAndTheSameDeliveryID() async throws {
        let receiver = Receiver([.status(503), .status(500), .status(429, retryAfter: "7"), .status(200)])
        let sleeps = Sleeps()
        try await receiver.run { url in
            let notifier = Self.notifier([Self.target(url)], sleeps: sleeps)
            try await Self.running(notifier) {
                notifier.notify(Self.lifeEvents()[0])
                try await Self.eventually { notifier.statistics.delivered == 1 }
            }
            let stats = notifier.statistics
            #expect(stats.delivered == 1 && stats.failed == 0 && stats.queued == 0 && stats.inFlight == 0)
        }
        let requests = receiver.received
        #expect(requests.count == 4)
        let ids = try Self.verified(requests)
        #expect(Set(ids).count == 1)
        #expect(ids.first?.hasPrefix("whd_") == true)
        #expect(requests.allSatisfy { $0.headers["x-parapet-event"] == "review.created" })
        #expect(Set(requests.map(\.body)).count == 1)
        // Full jitter at its maximum: 0.5 s, 1 s, then 2 s raised to the receiver's retry-after.
        #expect(sleeps.all == [.milliseconds(500), .seconds(1), .seconds(7)])
    }

    @Test func aRefusalIsNotRetriedAndAttemptsRunOut() async throws {
        let receiver = Receiver([.status(400), .status(503), .status(503), .status(503), .status(200)])
        let sleeps = Sleeps()
        try await receiver.run { url in
            let refused = Self.notifier([Self.target(url)], sleeps: sleeps)
            try await Self.running(refused) {
                refused.notify(Self.lifeEvents()[0])
                try await Self.eventually { refused.statistics.failed == 1 }
            }
            #expect(receiver.received.count == 1)
            #expect(sleeps.all.isEmpty)

            let exhausted = Self.notifier([Self.target(url, maxAttempts: 3)], sleeps: sleeps)
            try await Self.running(exhausted) {
                exhausted.notify(Self.lifeEvents()[0])
                try await Self.eventually { exhausted.statistics.failed == 1 }
            }
            #expect(exhausted.statistics.delivered == 0)
        }
        #expect(receiver.received.count == 4)
        #expect(sleeps.all == [.milliseconds(500), .seconds(1)])
    }

    @Test func connectionErrorsAndTimeoutsAreRetried() async throws {
        let transport = ScriptedTransport([.fail, .timeout, .answer(204)])
        let sleeps = Sleeps()
        let notifier = Self.notifier([Self.target("https://hooks.example.com/x")], transport: transport, sleeps: sleeps)
        try await Self.running(notifier) {
            notifier.notify(Self.lifeEvents()[0])
            try await Self.eventually { notifier.statistics.delivered == 1 }
        }
        #expect(transport.calls == 3)
        #expect(sleeps.all == [.milliseconds(500), .seconds(1)])
    }

    @Test func anAttemptHasADeadline() async throws {
        let receiver = Receiver([.hang, .status(200)])
        let sleeps = Sleeps()
        try await receiver.run { url in
            let notifier = Self.notifier([Self.target(url, timeout: .milliseconds(500))], sleeps: sleeps)
            try await Self.running(notifier) {
                notifier.notify(Self.lifeEvents()[0])
                try await Self.eventually { notifier.statistics.delivered == 1 }
            }
            receiver.release()
        }
        // The hanging first attempt was cut off at its deadline and retried. On a loaded machine a
        // later attempt can miss its deadline too; each extra attempt then follows the backoff.
        let attempts = receiver.received.count
        #expect(attempts >= 2)
        #expect(sleeps.all == Array([.milliseconds(500), .seconds(1), .seconds(2), .seconds(4), .seconds(8)].prefix(attempts - 1)))
        #expect(Set(receiver.received.map { $0.headers["x-parapet-delivery"] }).count == 1)
    }

    @Test func aHangingReceiverDelaysNeitherNotifyNorOtherWebhooks() async throws {
        let slow = Receiver([.hang])
        let fast = Receiver()
        try await slow.run { slowURL in
            try await fast.run { fastURL in
                let settings = WebhookNotifier.Settings.with { $0.concurrency = 1 }
                let notifier = Self.notifier([Self.target(slowURL), Self.target(fastURL)], settings: settings)
                try await Self.running(notifier) {
                    notifier.notify(Self.lifeEvents()[0])
                    try await Self.eventually { slow.received.count == 1 && fast.received.count == 1 }
                    // The slow receiver holds its delivery; the fast one got its own, and more
                    // events are queued at once behind the held one.
                    for event in Self.lifeEvents().dropFirst() { notifier.notify(event) }
                    // The receiver sees a request before the notifier counts it delivered.
                    try await Self.eventually { fast.received.count == 4 && notifier.statistics.delivered == 4 }
                    #expect(slow.received.count == 1)
                    let stats = notifier.statistics
                    #expect(stats.inFlight == 1)
                    #expect(stats.queued == 3)
                    #expect(stats.delivered == 4)
                    slow.release()
                    try await Self.eventually { notifier.statistics.delivered == 8 }
                }
            }
        }
        #expect(try Self.verified(slow.received).count == 4)
    }

    @Test func aFullBacklogDropsTheOldestAndCounts() async throws {
        let receiver = Receiver()
        try await receiver.run { url in
            let settings = WebhookNotifier.Settings.with { $0.capacity = 3 }
            let notifier = Self.notifier([Self.target(url)], settings: settings)
            var events: [ReviewEvent] = []
            for i in 1...5 {
                let event = ReviewEvent.created(Self.item(id: "rev_\(i)"), at: Self.fixedNow)
                events.append(event)
                notifier.notify(event)
            }
            #expect(notifier.statistics.dropped == 2)
            #expect(notifier.statistics.queued == 3)
            try await Self.running(notifier) {
                try await Self.eventually { notifier.statistics.delivered == 3 }
            }
            let ids = try receiver.received.map { try #require(try Self.json($0.body)["id"] as? String) }
            #expect(Set(ids) == Set(events.suffix(3).map(\.id)))
        }
    }

    @Test func webhooksGetOnlyTheirEventsAndTenants() async throws {
        let transport = ScriptedTransport([])
        let notifier = Self.notifier([Self.target("https://a.example/", events: [.resolved], tenants: ["tenant-a"])], transport: transport)
        for event in Self.lifeEvents() { notifier.notify(event) }
        var other = Self.item(tenant: "tenant-b")
        _ = other.expire(now: Self.fixedNow.addingTimeInterval(7_200))
        notifier.notify(try #require(ReviewEvent.resolved(other, at: Self.fixedNow)))
        #expect(notifier.statistics.queued == 1)
    }

    @Test func shutdownDrainsWhatIsQueuedAndGivesUpAfterTheDrainTime() async throws {
        let receiver = Receiver()
        try await receiver.run { url in
            let notifier = Self.notifier([Self.target(url)])
            for event in Self.lifeEvents() { notifier.notify(event) }
            // Shut down as soon as it runs: the four queued deliveries still go out.
            try await Self.running(notifier) {}
            #expect(notifier.statistics.delivered == 4)
        }
        #expect(receiver.received.count == 4)

        let hanging = Receiver([.hang])
        try await hanging.run { url in
            let settings = WebhookNotifier.Settings.with {
                $0.drainTimeout = .milliseconds(100)
                $0.concurrency = 1
            }
            let notifier = Self.notifier([Self.target(url)], settings: settings)
            try await Self.running(notifier) {
                notifier.notify(Self.lifeEvents()[0])
                notifier.notify(Self.lifeEvents()[1])
                try await Self.eventually { hanging.received.count == 1 }
            }
            // The held delivery and the one queued behind it are lost, and counted.
            #expect(notifier.statistics.abandoned == 2)
            #expect(notifier.statistics.delivered == 0)
            #expect(hanging.received.count == 1)
            // Events after shutdown are dropped, not kept forever.
            notifier.notify(Self.lifeEvents()[2])
            #expect(notifier.statistics.queued == 0)
            hanging.release()
        }
    }

    // MARK: - The queue decorator

    @Test func theDecoratorEmitsAfterEachChange() async throws {
        let sink = RecordingSink()
        let queue = NotifyingReviewQueue(wrapping: InMemoryReviewQueue(), sink: sink, clock: { Self.fixedNow })
        let now = Self.fixedNow
        try await queue.enqueue(Self.item(id: "rev_a"))
        #expect(sink.kinds == [.created])
        await #expect(throws: (any Error).self) { try await queue.enqueue(Self.item(id: "rev_a")) }
        #expect(sink.kinds == [.created])

        let approve = { (reviewer: String) in ReviewDecision(reviewerKeyID: reviewer, senior: false, verdict: .approve, reasonCode: "ok", at: now) }
        #expect(try await queue.decide(id: "rev_a", tenant: "tenant-a", decision: approve("r1"), now: now) == .notLeaseHolder)
        _ = try await queue.claim(id: "rev_a", tenant: "tenant-a", reviewer: "r1", lease: .seconds(60), now: now)
        _ = try await queue.decide(id: "rev_a", tenant: "tenant-a", decision: approve("r1"), now: now)
        #expect(sink.kinds == [.created, .decided])
        #expect(sink.events.last?.review.approvals == 1)
        _ = try await queue.claim(id: "rev_a", tenant: "tenant-a", reviewer: "r2", lease: .seconds(60), now: now)
        _ = try await queue.decide(id: "rev_a", tenant: "tenant-a", decision: approve("r2"), now: now)
        #expect(sink.kinds == [.created, .decided, .decided, .resolved])
        #expect(sink.events.last?.review.status == .approved)
        #expect(sink.events.last?.review.verdict == .approve)
        #expect(try await queue.markReleased(id: "rev_a", tenant: "tenant-a"))
        #expect(sink.events.count == 4)

        try await queue.enqueue(Self.item(id: "rev_b"))
        #expect(try await queue.expire(now: now.addingTimeInterval(60)).isEmpty)
        let expired = try await queue.expire(now: now.addingTimeInterval(7_200))
        #expect(expired.map(\.id) == ["rev_b"])
        let last = try #require(sink.events.last)
        #expect(last.kind == .resolved)
        #expect(last.review.status == .expired)
        #expect(last.review.verdict == .reject)
        #expect(last.review.reasonCode == "expired")
        #expect(sink.events.count == 6)
    }

    // MARK: - Configuration

    @Test func configurationParses() throws {
        let config = try ParapetConfiguration.parse(yaml: """
            webhooks:
              - url: https://hooks.example.com/parapet
                secret_env: PARAPET_WEBHOOK_SECRET
                format: slack
                events: [review.created, review.resolved]
                tenants: [acme]
                timeout_ms: 2500
                max_attempts: 3
              - url: http://127.0.0.1:9000/hook
                secret_env: LOCAL_SECRET
            console_url: https://parapet.example.com/console
            """)
        #expect(config.consoleURL == "https://parapet.example.com/console")
        #expect(config.webhooks.count == 2)
        let first = config.webhooks[0]
        #expect(first.url == "https://hooks.example.com/parapet")
        #expect(first.secretEnv == "PARAPET_WEBHOOK_SECRET")
        #expect(first.format == .slack)
        #expect(first.events == [.created, .resolved])
        #expect(first.tenants == ["acme"])
        #expect(first.timeout == .milliseconds(2_500))
        #expect(first.maxAttempts == 3)
        #expect(first.label == "https://hooks.example.com")
        let second = config.webhooks[1]
        #expect(second.format == .generic)
        #expect(second.events == Set(ReviewEventKind.allCases))
        #expect(second.tenants == nil)
        #expect(second.timeout == .seconds(5))
        #expect(second.maxAttempts == 6)
        #expect(second.isPlainHTTP)
        #expect(second.label == "http://127.0.0.1:9000")
        #expect(try ParapetConfiguration.parse(yaml: "data: ./x").webhooks.isEmpty)
    }

    @Test func configurationErrorsNameTheirPath() {
        let yaml = """
            webhooks:
              - url: ftp://hooks.example.com/x
                secret_env: "NOT A NAME"
                format: teams
                events: [review.created, review.deleted]
                timeout_ms: 10
                max_attempts: 0
                retries: 3
              - format: generic
            console_url: parapet.example.com
            """
        do {
            _ = try ParapetConfiguration.parse(yaml: yaml)
            Issue.record("expected errors")
        } catch {
            let messages = error.errors.map(\.description)
            for expected in [
                "config.webhooks[0].url: expected an absolute http:// or https:// URL",
                "config.webhooks[0].secret_env: \"NOT A NAME\" is not an environment variable name",
                "config.webhooks[0].format: unknown format \"teams\" (expected one of: generic, slack)",
                "config.webhooks[0].events[1]: unknown event \"review.deleted\"",
                "config.webhooks[0].timeout_ms: must be between 100 and 60000, got 10",
                "config.webhooks[0].max_attempts: must be between 1 and 20, got 0",
                "config.webhooks[0].retries: unknown field",
                "config.webhooks[1].url: required",
                "config.webhooks[1].secret_env: required",
                "config.console_url: expected an absolute http:// or https:// URL",
            ] {
                #expect(messages.contains { $0.hasPrefix(expected) }, "missing \(expected) in \(messages)")
            }
        }
    }

    @Test func aMissingSecretIsAStartupErrorNamingTheVariable() throws {
        let endpoints = [
            WebhookEndpoint(url: "https://a.example/hook", secretEnv: "SET_SECRET"),
            WebhookEndpoint(url: "https://b.example/hook", secretEnv: "UNSET_SECRET"),
        ]
        do {
            _ = try WebhookNotifier.make(webhooks: endpoints, consoleURL: nil, environment: ["SET_SECRET": "s3cret"], logger: Self.quiet)
            Issue.record("expected an error")
        } catch {
            #expect(error.errors.map(\.description) == [
                "config.webhooks[1].secret_env: the environment variable UNSET_SECRET is not set (it holds this webhook's signing secret)"
            ])
        }
        #expect(try WebhookNotifier.make(webhooks: [], consoleURL: nil, environment: [:], logger: Self.quiet) == nil)
    }

    @Test func plainHTTPIsAllowedWithOneWarningAndSecretsAreNotLogged() throws {
        let log = CapturedLog()
        let logger = Logger(label: "capture") { _ in CapturingLogHandler(log: log) }
        let endpoints = [WebhookEndpoint(url: "http://127.0.0.1:9000/T0000/B0000/pathsecret", secretEnv: "S")]
        let notifier = try #require(try WebhookNotifier.make(webhooks: endpoints, consoleURL: nil, environment: ["S": "topsecretvalue"], logger: logger))
        #expect(notifier.statistics == WebhookStatistics())
        let warnings = log.entries.filter { $0.level == .warning }
        #expect(warnings.count == 1)
        #expect(warnings.first?.message.contains("plain http://") == true)
        #expect(!log.entries.contains { $0.message.contains("topsecretvalue") || $0.message.contains("pathsecret") })
    }

    // MARK: - End to end

    @Test func aHeldCallAndItsApprovalAreNotifiedSigned() async throws {
        let receiver = Receiver()
        try await GatewayTests.withUpstream { upstream in
            try await receiver.run { url in
                let notifier = Self.notifier([Self.target(url)])
                let t = try await Self.server(upstream: upstream, notifier: notifier)
                try await Self.running(notifier) {
                    try await t.app.test(.router) { client in
                        upstream.enqueue([QualityTests.middling])
                        let held = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: t.auth("clientA"), body: QualityTests.askConfident)
                        #expect(held.status == .accepted)
                        let location = try #require(held.headers[.location])
                        let id = try #require(try object(held)["id"] as? String)

                        try await Self.eventually { receiver.received.count == 1 }
                        let created = receiver.received[0]
                        #expect(created.headers["x-parapet-event"] == "review.created")
                        _ = try Self.verified([created], now: Self.fixedNow)
                        let createdBody = try Self.json(created.body)
                        let review = try #require(createdBody["review"] as? [String: Any])
                        #expect(review["id"] as? String == id)
                        #expect(review["poll"] as? String == location)
                        #expect(review["tenant"] as? String == "tenant-a")
                        #expect(review["route"] as? String == "confident")
                        #expect(review["status"] as? String == "pending")
                        #expect(!String(decoding: created.body, as: UTF8.self).contains("Maybe"))
                        #expect(!String(decoding: created.body, as: UTF8.self).contains("sky"))

                        #expect(try await client.execute(uri: "/v1/review/items/\(id)/claim", method: .post, headers: t.auth("reviewerA")).status == .ok)
                        let decision = try await client.execute(
                            uri: "/v1/review/items/\(id)/decision", method: .post, headers: t.auth("reviewerA"),
                            body: body(#"{"verdict":"approve","reason_code":"looks_right","comment":"Maybe fine"}"#))
                        #expect(decision.status == .ok)
                        try await Self.eventually { receiver.received.count == 3 }
                        let later = Array(receiver.received.dropFirst())
                        _ = try Self.verified(later)
                        var byType: [String: [String: Any]] = [:]
                        for request in later { byType[request.headers["x-parapet-event"] ?? ""] = try Self.json(request.body) }
                        let decided = try #require(byType["review.decided"]?["review"] as? [String: Any])
                        #expect(decided["id"] as? String == id)
                        #expect(decided["approvals"] as? Int == 1)
                        #expect(decided["required_approvals"] as? Int == 1)
                        #expect(decided["verdict"] as? String == "approve")
                        #expect(decided["reason_code"] as? String == "looks_right")
                        let resolved = try #require(byType["review.resolved"]?["review"] as? [String: Any])
                        #expect(resolved["status"] as? String == "approved")
                        #expect(resolved["verdict"] as? String == "approve")
                        #expect(!later.contains { String(decoding: $0.body, as: UTF8.self).contains("Maybe") })

                        // The client still gets its answer, once.
                        let released = try await client.execute(uri: location, method: .get, headers: t.auth("clientA"))
                        #expect(released.status == .ok)
                    }
                }
            }
        }
        #expect(receiver.received.count == 3)
    }

    @Test func aHangingReceiverDoesNotHoldTheHeldCall() async throws {
        let receiver = Receiver([.hang, .hang])
        try await GatewayTests.withUpstream { upstream in
            try await receiver.run { url in
                let notifier = Self.notifier([Self.target(url)])
                let t = try await Self.server(upstream: upstream, notifier: notifier)
                try await Self.running(notifier) {
                    try await t.app.test(.router) { client in
                        upstream.enqueue([QualityTests.middling])
                        let first = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: t.auth("clientA"), body: QualityTests.askConfident)
                        #expect(first.status == .accepted)
                        try await Self.eventually { receiver.received.count == 1 }
                        // The receiver holds the first delivery; another held call is answered anyway.
                        upstream.enqueue([QualityTests.middling])
                        let second = try await client.execute(uri: "/v1/chat/completions", method: .post, headers: t.auth("clientA"), body: QualityTests.askConfident)
                        #expect(second.status == .accepted)
                        #expect(notifier.statistics.delivered == 0)
                        receiver.release()
                        try await Self.eventually { notifier.statistics.delivered == 2 }
                    }
                }
            }
        }
    }

    // MARK: - Helpers

    /// Runs `notifier` in a service group around `body`, then shuts it down gracefully (it
    /// drains) and waits for it to stop.
    static func running(_ notifier: WebhookNotifier, _ body: () async throws -> Void) async throws {
        let group = ServiceGroup(configuration: .init(services: [notifier], logger: quiet))
        try await withThrowingTaskGroup(of: Void.self) { tasks in
            tasks.addTask { try await group.run() }
            do {
                try await body()
            } catch {
                await group.triggerGracefulShutdown()
                throw error
            }
            await group.triggerGracefulShutdown()
            try await tasks.waitForAll()
        }
    }
}

extension WebhookTests {
    /// Waits until `condition` holds, checking every 10 ms for at most 10 s (a bound, not a timing).
    static func eventually(_ condition: () -> Bool, sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let deadline = ContinuousClock.now.advanced(by: .seconds(10))
        while !condition() {
            guard ContinuousClock.now < deadline else {
                Issue.record("condition not met within 10 s", sourceLocation: sourceLocation)
                throw TestFailure("timed out")
            }
            try await Task.sleep(for: .milliseconds(10))
        }
    }

    /// Records backoff waits without waiting.
    final class Sleeps: Sendable {
        private let recorded = Mutex<[Duration]>([])
        func record(_ duration: Duration) { recorded.withLock { $0.append(duration) } }
        var all: [Duration] { recorded.withLock { $0 } }
    }

    /// Records events.
    final class RecordingSink: ReviewEventSink {
        private let recorded = Mutex<[ReviewEvent]>([])
        func notify(_ event: ReviewEvent) { recorded.withLock { $0.append(event) } }
        var events: [ReviewEvent] { recorded.withLock { $0 } }
        var kinds: [ReviewEventKind] { events.map(\.kind) }
    }

    /// A transport that plays a script: fail (a connection error), time out, or answer a status.
    final class ScriptedTransport: WebhookTransport {
        enum Step: Sendable {
            case fail, timeout
            case answer(Int)
        }

        private let state: Mutex<(steps: [Step], calls: Int)>
        init(_ steps: [Step]) { state = Mutex((steps, 0)) }
        var calls: Int { state.withLock { $0.calls } }

        func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse {
            let step: Step = state.withLock { state in
                state.calls += 1
                return state.steps.isEmpty ? .answer(200) : state.steps.removeFirst()
            }
            switch step {
            case .fail: throw TestFailure("connection refused")
            case .timeout: throw WebhookTimeout(timeout: timeout)
            case .answer(let status): return WebhookResponse(status: status)
            }
        }
    }

    /// A webhook receiver on a real socket: answers each POST /hook with the next scripted reply
    /// (200 once the script is used up) and records what it received. `.hang` holds the request until
    /// `release()`.
    final class Receiver: Sendable {
        enum Reply: Sendable {
            case status(Int, retryAfter: String? = nil)
            case hang
        }

        struct Received: Sendable {
            var headers: [String: String]
            var body: [UInt8]
        }

        private struct State {
            var script: [Reply]
            var received: [Received] = []
            var released = false
        }

        private let state: Mutex<State>

        init(_ script: [Reply] = []) { state = Mutex(State(script: script)) }

        var received: [Received] { state.withLock { $0.received } }
        func release() { state.withLock { $0.released = true } }
        private var isReleased: Bool { state.withLock { $0.released } }

        /// Serves on a free port of 127.0.0.1 while `body` runs with the hook's URL.
        func run(_ body: @escaping @Sendable (String) async throws -> Void) async throws {
            let router = Router()
            router.post("hook") { request, _ -> Response in
                let bytes = Array(try await request.body.collect(upTo: 1 << 20).readableBytesView)
                var headers: [String: String] = [:]
                for field in request.headers { headers[field.name.canonicalName] = field.value }
                let reply = self.state.withLock { state in
                    state.received.append(Received(headers: headers, body: bytes))
                    return state.script.isEmpty ? Reply.status(200) : state.script.removeFirst()
                }
                switch reply {
                case .hang:
                    while !self.isReleased { try await Task.sleep(for: .milliseconds(5)) }
                    return Response(status: .ok)
                case .status(let code, let retryAfter):
                    var response = Response(status: HTTPResponse.Status(code: code))
                    if let retryAfter { response.headers[.retryAfter] = retryAfter }
                    return response
                }
            }
            let app = Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)), logger: WebhookTests.quiet)
            try await app.test(.live) { client in
                let port = try #require(client.port)
                try await body("http://127.0.0.1:\(port)/hook")
            }
        }
    }

    /// An in-process server with a notifier wired through `ParapetServerApp(notifier:)` and a route
    /// that holds middling answers for review.
    static func server(upstream: MockUpstream, notifier: WebhookNotifier) async throws -> TestServer {
        let yaml = """
            gateway:
              providers:
                mock: { kind: openai, base_url: \(upstream.baseURL), first_token_timeout_ms: 15000, total_timeout_ms: 30000 }
              routes:
                confident:
                  targets:
                    - { provider: mock, model: mock-model }
                  confidence: { auto: 0.8, reject: 0.4 }
            """
        let configuration = try ParapetConfiguration.parse(yaml: yaml)
        let server = try await TestServer(gateway: GatewayRouter.make(configuration: configuration.gateway, environment: [:]), notifier: notifier)
        #expect(server.stores.reviews is NotifyingReviewQueue)
        return server
    }

    /// Log entries captured for assertions.
    final class CapturedLog: Sendable {
        struct Entry: Sendable {
            var level: Logger.Level
            var message: String
        }

        private let recorded = Mutex<[Entry]>([])
        func append(_ entry: Entry) { recorded.withLock { $0.append(entry) } }
        var entries: [Entry] { recorded.withLock { $0 } }
    }

    struct CapturingLogHandler: LogHandler {
        let log: CapturedLog
        var metadata: Logger.Metadata = [:]
        var logLevel: Logger.Level = .trace

        subscript(metadataKey key: String) -> Logger.Metadata.Value? {
            get { metadata[key] }
            set { metadata[key] = newValue }
        }

        func log(event: LogEvent) {
            log.append(CapturedLog.Entry(level: event.level, message: event.message.description))
        }
    }
}

extension WebhookNotifier.Settings {
    static func with(_ change: (inout Self) -> Void) -> Self {
        var settings = Self()
        change(&settings)
        return settings
    }
}
