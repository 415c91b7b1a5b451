import Foundation
import ParapetStore

extension StoreConformance {
    /// One minute, in microseconds.
    static let minute: Int64 = 60_000_000

    /// An item created at `baseMicroseconds + created`, expiring an hour later unless told, with
    /// awkward text and binary bodies in every field unless `minimal`.
    static func reviewItem(
        _ id: String, tenant: String = "t1", priority: Double = 1, created: Int64 = 0, expires: Int64? = nil, approvals: Int = 1,
        senior: Bool = false, onExpiry: ReviewVerdict = .reject, minimal: Bool = false
    ) -> ReviewItem {
        let t = baseMicroseconds + created
        let expiry = expires.map { baseMicroseconds + $0 } ?? t + 60 * minute
        return ReviewItem(
            id: id, tenant: tenant, route: minimal ? "" : "support-bot ✓", kind: minimal ? .postAudit : .preAction,
            level: minimal ? .low : .critical, priority: priority, requiredApprovals: approvals, requiresSenior: senior,
            createdAt: date(microseconds: t), expiresAt: date(microseconds: expiry), onExpiry: onExpiry,
            taskType: minimal ? nil : "refund", subject: minimal ? nil : "order:12345", user: minimal ? nil : "Zoë \"q\"\u{0}nul",
            category: minimal ? nil : "tool.refund_order.amount", request: minimal ? [] : Array("{\"messages\":[\"[EMAIL] ü\"]}".utf8),
            suggestion: minimal ? [] : Array("{\"id\":\"chatcmpl-1\"}".utf8) + [0, 0xFF, 0x80], confidence: minimal ? nil : 0.615,
            findings: minimal ? [] : Array("[{\"category\":\"pii.email\"}]".utf8), triggers: minimal ? [] : Array("[\"confidence_band\"]".utf8),
            reasoning: minimal ? nil : "Amount 50.00 — above the agent limit; 🚦\r\n", auditID: minimal ? nil : "aud_\(id)")
    }

    static func approval(_ reviewer: String, senior: Bool = false, _ verdict: ReviewVerdict = .approve, at offset: Int64 = 0, body: [UInt8]? = nil)
        -> ReviewDecision
    {
        ReviewDecision(
            reviewerKeyID: reviewer, senior: senior, verdict: verdict, reasonCode: verdict == .approve ? "ok" : "hallucination",
            comment: verdict == .approve ? nil : "Grüße, \"fixed\"\u{0} ✓", editedBody: body, at: date(microseconds: baseMicroseconds + offset))
    }

    /// The item with a lease of `reviewer` ending `until` after the base time.
    static func leased(_ item: ReviewItem, _ reviewer: String, until: Int64) -> ReviewItem {
        var leased = item
        leased.lease = ReviewLease(reviewer: reviewer, until: date(microseconds: baseMicroseconds + until))
        return leased
    }

    static func reviewEnqueueChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let full = reviewItem("rev_full", senior: true)
        let minimal = reviewItem("rev_min", tenant: "t2", approvals: 3, onExpiry: .approve, minimal: true)
        try await queue.enqueue(full)
        try await queue.enqueue(minimal)
        log.expectEqual(try await queue.item(id: "rev_full", tenant: "t1"), full, "every field reads back exactly")
        log.expectEqual(try await queue.item(id: "rev_min", tenant: "t2"), minimal, "nil fields and empty bodies read back exactly")
        log.expectEqual(try await queue.item(id: "rev_full", tenant: "t2"), nil, "another tenant's id is not found")
        log.expectEqual(try await queue.item(id: "rev_none", tenant: "t1"), nil, "an unknown id is not found")
        await log.expectConflict("enqueue refuses a duplicate id") { try await queue.enqueue(reviewItem("rev_full", priority: 9)) }
        await log.expectConflict("enqueue refuses an id of another tenant") { try await queue.enqueue(reviewItem("rev_min")) }
        log.expectEqual(try await queue.item(id: "rev_full", tenant: "t1"), full, "a refused duplicate changes nothing")

        var resolved = reviewItem("rev_bad")
        resolved.status = .approved
        var decided = reviewItem("rev_bad")
        decided.decisions = [approval("r1")]
        var invalid: [(String, ReviewItem)] = [
            ("no approvals", reviewItem("rev_bad", approvals: 0)), ("four approvals", reviewItem("rev_bad", approvals: 4)),
            ("edit on expiry", reviewItem("rev_bad", onExpiry: .edit)), ("NaN priority", reviewItem("rev_bad", priority: .nan)),
            ("infinite priority", reviewItem("rev_bad", priority: .infinity)), ("resolved", resolved), ("decided", decided),
        ]
        var nanConfidence = reviewItem("rev_bad")
        nanConfidence.confidence = .nan
        invalid.append(("NaN confidence", nanConfidence))
        for (name, item) in invalid {
            do {
                try await queue.enqueue(item)
                log.fail("enqueue refuses an invalid item", "\(name): stored")
            } catch let error as StoreError where error.kind == .corrupted {
                continue
            } catch {
                log.fail("enqueue refuses an invalid item", "\(name): threw \(error); expected StoreError.corrupted")
            }
        }
        log.expectEqual(try await queue.item(id: "rev_bad", tenant: "t1"), nil, "a refused item is not stored")

        let now = date(microseconds: baseMicroseconds)
        log.expectEqual(
            try await queue.claim(id: "rev_full", tenant: "t2", reviewer: "r1", lease: .seconds(30), now: now), .notFound, "claim is tenant-scoped")
        log.expectEqual(
            try await queue.decide(id: "rev_full", tenant: "t2", decision: approval("r1"), now: now), .notFound, "decide is tenant-scoped")
        log.expectEqual(try await queue.pending(tenant: "t2", limit: 10, now: now), [minimal], "pending is tenant-scoped")
        log.expectEqual(
            try await queue.claim(id: "rev_none", tenant: "t1", reviewer: "r1", lease: .seconds(30), now: now), .notFound, "claim unknown")
        log.expectEqual(try await queue.decide(id: "rev_none", tenant: "t1", decision: approval("r1"), now: now), .notFound, "decide unknown")
    }

    static func reviewPendingChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let now = date(microseconds: baseMicroseconds + 10 * minute)
        log.expectEqual(try await queue.pending(tenant: "t1", limit: 10, now: now), [], "a fresh queue has nothing pending")
        let low = reviewItem("rev_low", priority: 0.5, created: 1)
        let highOld = reviewItem("rev_high_b", priority: 7.25, created: 2)
        let highNew = reviewItem("rev_high_a", priority: 7.25, created: 3)
        let tieB = reviewItem("rev_tie_b", priority: 3, created: 4)
        let tieA = reviewItem("rev_tie_a", priority: 3, created: 4)
        let negative = reviewItem("rev_neg", priority: -2, created: 0)
        let expiresNow = reviewItem("rev_edge", priority: 1, created: 5, expires: 10 * minute)
        let expired = reviewItem("rev_gone", priority: 100, created: 0, expires: 10 * minute - 1)
        let resolved = reviewItem("rev_done", priority: 50)
        let other = reviewItem("rev_other", tenant: "t2", priority: 99)
        for item in [low, highOld, highNew, tieB, tieA, negative, expiresNow, expired, resolved, other] { try await queue.enqueue(item) }
        _ = try await queue.claim(id: "rev_done", tenant: "t1", reviewer: "r1", lease: .seconds(60), now: now)
        _ = try await queue.decide(id: "rev_done", tenant: "t1", decision: approval("r1", .reject), now: now)
        let leasedLow = leased(low, "r9", until: 10 * minute + 60_000_000)
        log.expectEqual(
            try await queue.claim(id: "rev_low", tenant: "t1", reviewer: "r9", lease: .seconds(60), now: now), .claimed(leasedLow), "claim rev_low")

        let expected = [highOld, highNew, tieA, tieB, expiresNow, leasedLow, negative]
        log.expectEqual(
            try await queue.pending(tenant: "t1", limit: 50, now: now), expected,
            "pending: priority high to low, then oldest, then id; items expiring now included, expired and resolved left out, leased kept")
        log.expectEqual(try await queue.pending(tenant: "t1", limit: 3, now: now), Array(expected.prefix(3)), "pending honours the limit")
        log.expectEqual(try await queue.pending(tenant: "t1", limit: 0, now: now), [], "a zero limit lists nothing")
        log.expectEqual(try await queue.pending(tenant: "t2", limit: 50, now: now), [other], "pending of another tenant")
        log.expectEqual(try await queue.pending(tenant: "nobody", limit: 50, now: now), [], "pending of an unknown tenant")
    }

    static func reviewClaimChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let item = reviewItem("rev_1")
        try await queue.enqueue(item)
        func claim(_ reviewer: String, at offset: Int64, lease: Duration = .seconds(30)) async throws -> ReviewClaim {
            try await queue.claim(id: "rev_1", tenant: "t1", reviewer: reviewer, lease: lease, now: date(microseconds: baseMicroseconds + offset))
        }
        let held = leased(item, "r1", until: 30_000_000)
        log.expectEqual(try await claim("r1", at: 0), .claimed(held), "a free item is claimed with a lease from now")
        log.expectEqual(try await queue.item(id: "rev_1", tenant: "t1"), held, "the lease is stored")
        log.expectEqual(
            try await claim("r2", at: 1), .heldByOther(reviewer: "r1", until: held.lease?.until ?? .distantPast), "another reviewer is refused")
        let renewed = leased(item, "r1", until: 10_000_000 + 30_000_000)
        log.expectEqual(try await claim("r1", at: 10_000_000), .claimed(renewed), "the holder renews the lease")
        log.expectEqual(
            try await claim("r2", at: 40_000_000), .heldByOther(reviewer: "r1", until: date(microseconds: baseMicroseconds + 40_000_000)),
            "the lease holds through its last instant")
        let taken = leased(item, "r2", until: 40_000_001 + 90_500_000)
        log.expectEqual(
            try await claim("r2", at: 40_000_001, lease: .milliseconds(90_500)), .claimed(taken), "a run-out lease lets another reviewer claim")
        log.expectEqual(
            try await queue.decide(id: "rev_1", tenant: "t1", decision: approval("r1"), now: date(microseconds: baseMicroseconds + 40_000_002)),
            .notLeaseHolder, "the previous holder can no longer decide")
        log.expectEqual(try await queue.item(id: "rev_1", tenant: "t1"), taken, "a refused decision changes nothing")
    }

    /// 50 reviewers claim one item at once: exactly one holds it, the others are told who does.
    static func reviewClaimConcurrencyChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        try await queue.enqueue(reviewItem("rev_race"))
        let now = date(microseconds: baseMicroseconds)
        let results = await withTaskGroup(of: Result<ReviewClaim, any Error>.self) { group in
            for task in 0..<50 {
                group.addTask {
                    do {
                        return .success(try await queue.claim(id: "rev_race", tenant: "t1", reviewer: "r\(task)", lease: .seconds(60), now: now))
                    } catch {
                        return .failure(error)
                    }
                }
            }
            var results: [Result<ReviewClaim, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        var winners: [String] = []
        for case .success(.claimed(let item)) in results { winners.append(item.lease?.reviewer ?? "?") }
        log.expectEqual(winners.count, 1, "exactly one of 50 concurrent claims wins")
        guard let winner = winners.first else { return }
        let until = date(microseconds: baseMicroseconds + 60_000_000)
        for result in results {
            switch result {
            case .success(.claimed): continue
            case .success(let claim): log.expectEqual(claim, .heldByOther(reviewer: winner, until: until), "a losing concurrent claim")
            case .failure(let error): log.fail("concurrent claims succeed", "\(error)")
            }
        }
        log.expectEqual(try await queue.item(id: "rev_race", tenant: "t1")?.lease?.reviewer, winner, "the stored lease is the winner's")
    }
}

extension StoreConformance {
    /// Claims `id` for `reviewer` at `offset` (one minute lease) and decides; returns the outcome.
    static func claimAndDecide(
        _ queue: any ReviewQueue, _ id: String, _ decision: ReviewDecision, at offset: Int64, tenant: String = "t1"
    ) async throws -> ReviewOutcome {
        let now = date(microseconds: baseMicroseconds + offset)
        _ = try await queue.claim(id: id, tenant: tenant, reviewer: decision.reviewerKeyID, lease: .seconds(60), now: now)
        return try await queue.decide(id: id, tenant: tenant, decision: decision, now: now)
    }

    /// The item as resolved at `offset` with `status`, `decisions` and `finalBody`.
    static func resolvedItem(
        _ item: ReviewItem, _ status: ReviewStatus, _ decisions: [ReviewDecision], body: [UInt8]?, at offset: Int64
    ) -> ReviewItem {
        var resolved = item
        resolved.status = status
        resolved.decisions = decisions
        resolved.finalBody = body
        resolved.resolvedAt = date(microseconds: baseMicroseconds + offset)
        return resolved
    }

    static func reviewDecisionChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let item = reviewItem("rev_1")
        try await queue.enqueue(item)
        let now = date(microseconds: baseMicroseconds + 5)
        log.expectEqual(
            try await queue.decide(id: "rev_1", tenant: "t1", decision: approval("r1"), now: now), .notLeaseHolder, "decide needs a lease")
        _ = try await queue.claim(id: "rev_1", tenant: "t1", reviewer: "r2", lease: .seconds(60), now: now)
        log.expectEqual(
            try await queue.decide(id: "rev_1", tenant: "t1", decision: approval("r1"), now: now), .notLeaseHolder,
            "decide needs the decider's own lease")
        let late = date(microseconds: baseMicroseconds + 5 + 60_000_001)
        log.expectEqual(
            try await queue.decide(id: "rev_1", tenant: "t1", decision: approval("r2"), now: late), .notLeaseHolder, "a run-out lease cannot decide")
        let decision = approval("r1", at: 7)
        let approved = resolvedItem(item, .approved, [decision], body: item.suggestion, at: 61_000_000)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_1", decision, at: 61_000_000), .recorded(approved, resolved: true),
            "one approval of one required resolves to the suggestion and clears the lease")
        log.expectEqual(try await queue.item(id: "rev_1", tenant: "t1"), approved, "the resolution is stored")
        log.expectEqual(
            try await claimAndDecide(queue, "rev_1", approval("r3"), at: 61_000_001), .resolved(approved), "a resolved item takes no decision")
        log.expectEqual(
            try await queue.claim(id: "rev_1", tenant: "t1", reviewer: "r3", lease: .seconds(5), now: now), .resolved(approved),
            "a resolved item cannot be claimed")
    }

    static func reviewApprovalChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let two = reviewItem("rev_two", approvals: 2)
        try await queue.enqueue(two)
        let first = approval("r1", at: 1)
        var afterFirst = two
        afterFirst.decisions = [first]
        log.expectEqual(try await claimAndDecide(queue, "rev_two", first, at: 1), .recorded(afterFirst, resolved: false), "one of two approvals")
        log.expectEqual(
            try await queue.claim(id: "rev_two", tenant: "t1", reviewer: "r1", lease: .seconds(60), now: date(microseconds: baseMicroseconds + 2)),
            .alreadyDecidedByThisReviewer(afterFirst), "a reviewer who decided cannot claim again")
        log.expectEqual(try await claimAndDecide(queue, "rev_two", approval("r1", at: 2), at: 2), .alreadyDecidedByThisReviewer, "nor decide again")
        log.expectEqual(try await queue.item(id: "rev_two", tenant: "t1"), afterFirst, "the same reviewer twice does not count")
        let second = approval("r2", at: 3)
        let approved = resolvedItem(two, .approved, [first, second], body: two.suggestion, at: 3)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_two", second, at: 3), .recorded(approved, resolved: true), "a second reviewer completes it")

        let senior = reviewItem("rev_senior", senior: true)
        try await queue.enqueue(senior)
        let junior = approval("r1", at: 1)
        var waiting = senior
        waiting.decisions = [junior]
        log.expectEqual(
            try await claimAndDecide(queue, "rev_senior", junior, at: 1), .recorded(waiting, resolved: false), "a junior approval is not enough")
        let seniorApproval = approval("s1", senior: true, at: 2)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_senior", seniorApproval, at: 2),
            .recorded(resolvedItem(senior, .approved, [junior, seniorApproval], body: senior.suggestion, at: 2), resolved: true),
            "a senior approval resolves it")

        let twoWithSenior = reviewItem("rev_two_senior", approvals: 2, senior: true)
        try await queue.enqueue(twoWithSenior)
        let (a, b, c) = (approval("r1", at: 1), approval("r2", at: 2), approval("s1", senior: true, at: 3))
        _ = try await claimAndDecide(queue, "rev_two_senior", a, at: 1)
        var pendingTwo = twoWithSenior
        pendingTwo.decisions = [a, b]
        log.expectEqual(
            try await claimAndDecide(queue, "rev_two_senior", b, at: 2), .recorded(pendingTwo, resolved: false),
            "two junior approvals do not resolve an item needing a senior")
        log.expectEqual(
            try await claimAndDecide(queue, "rev_two_senior", c, at: 3),
            .recorded(resolvedItem(twoWithSenior, .approved, [a, b, c], body: twoWithSenior.suggestion, at: 3), resolved: true),
            "a senior third approval resolves it")
    }

    static func reviewRejectEditChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let rejectMe = reviewItem("rev_reject", approvals: 3, senior: true)
        try await queue.enqueue(rejectMe)
        let first = approval("s1", senior: true, at: 1)
        _ = try await claimAndDecide(queue, "rev_reject", first, at: 1)
        let rejection = approval("r2", .reject, at: 2)
        let rejected = resolvedItem(rejectMe, .rejected, [first, rejection], body: nil, at: 2)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_reject", rejection, at: 2), .recorded(rejected, resolved: true), "a rejection resolves at once")
        log.expectEqual(try await queue.item(id: "rev_reject", tenant: "t1"), rejected, "a rejection reads back with its comment")

        let editMe = reviewItem("rev_edit", approvals: 2)
        try await queue.enqueue(editMe)
        let editedBody = Array("{\"answer\":\"fixed ✓\"}".utf8) + [0, 0xFE]
        let edit = approval("r1", .edit, at: 3, body: editedBody)
        let edited = resolvedItem(editMe, .edited, [edit], body: editedBody, at: 3)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_edit", edit, at: 3), .recorded(edited, resolved: true), "an edit resolves to the edited body")
        log.expectEqual(try await queue.item(id: "rev_edit", tenant: "t1"), edited, "the edited body reads back exactly")

        let emptyEdit = reviewItem("rev_empty_edit")
        try await queue.enqueue(emptyEdit)
        let empty = approval("r1", .edit, at: 4, body: [])
        let emptied = resolvedItem(emptyEdit, .edited, [empty], body: [], at: 4)
        _ = try await claimAndDecide(queue, "rev_empty_edit", empty, at: 4)
        log.expectEqual(try await queue.item(id: "rev_empty_edit", tenant: "t1"), emptied, "an empty edited body is empty, not missing")

        let bodiless = reviewItem("rev_bodiless")
        try await queue.enqueue(bodiless)
        let noBody = approval("r1", .edit, at: 5)
        log.expectEqual(
            try await claimAndDecide(queue, "rev_bodiless", noBody, at: 5),
            .recorded(resolvedItem(bodiless, .edited, [noBody], body: bodiless.suggestion, at: 5), resolved: true),
            "an edit without a body delivers the suggestion")
    }

    static func reviewReleaseChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        try await queue.enqueue(reviewItem("rev_1"))
        log.expect(!(try await queue.markReleased(id: "rev_1", tenant: "t1")), "a pending item cannot be released")
        _ = try await claimAndDecide(queue, "rev_1", approval("r1", at: 1), at: 1)
        log.expect(!(try await queue.markReleased(id: "rev_1", tenant: "t2")), "release is tenant-scoped")
        log.expect(!(try await queue.markReleased(id: "rev_none", tenant: "t1")), "an unknown item cannot be released")
        log.expect(try await queue.markReleased(id: "rev_1", tenant: "t1"), "a resolved item is released")
        log.expect(!(try await queue.markReleased(id: "rev_1", tenant: "t1")), "a second release is false")
        log.expectEqual(try await queue.item(id: "rev_1", tenant: "t1")?.released, true, "the release is stored")

        try await queue.enqueue(reviewItem("rev_race"))
        _ = try await claimAndDecide(queue, "rev_race", approval("r1", .reject, at: 1), at: 1)
        let results = await withTaskGroup(of: Result<Bool, any Error>.self) { group in
            for _ in 0..<50 {
                group.addTask {
                    do { return .success(try await queue.markReleased(id: "rev_race", tenant: "t1")) } catch { return .failure(error) }
                }
            }
            var results: [Result<Bool, any Error>] = []
            for await result in group { results.append(result) }
            return results
        }
        log.expectEqual(
            results.filter { if case .success(true) = $0 { true } else { false } }.count, 1, "exactly one of 50 concurrent releases is true")
        for case .failure(let error) in results { log.fail("concurrent releases succeed", "\(error)") }
    }

    static func reviewExpiryChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        let (t, now) = (baseMicroseconds, date(microseconds: baseMicroseconds + 10 * minute))
        let approveLate = reviewItem("rev_b", expires: 5 * minute, onExpiry: .approve)
        let rejectEarly = reviewItem("rev_c", tenant: "t2", expires: 2 * minute)
        let tie = reviewItem("rev_a", expires: 5 * minute)
        let edge = reviewItem("rev_edge", expires: 10 * minute)
        let done = reviewItem("rev_done", expires: 1 * minute)
        for item in [approveLate, rejectEarly, tie, edge, done] { try await queue.enqueue(item) }
        _ = try await claimAndDecide(queue, "rev_done", approval("r1", .reject, at: 1), at: 1)
        _ = try await queue.claim(id: "rev_b", tenant: "t1", reviewer: "r1", lease: .seconds(3600), now: date(microseconds: t + 1))

        log.expectEqual(
            try await queue.claim(id: "rev_a", tenant: "t1", reviewer: "r2", lease: .seconds(60), now: now), .expired(tie),
            "an item past its expiry cannot be claimed before the sweep")
        log.expectEqual(
            try await queue.decide(id: "rev_b", tenant: "t1", decision: approval("r1"), now: now),
            .expired(leased(approveLate, "r1", until: 1 + 3_600_000_000)), "nor decided, even by the lease holder")

        let expected = [
            resolvedItem(rejectEarly, .expired, [], body: nil, at: 10 * minute), resolvedItem(tie, .expired, [], body: nil, at: 10 * minute),
            resolvedItem(approveLate, .expired, [], body: approveLate.suggestion, at: 10 * minute),
        ]
        log.expectEqual(
            try await queue.expire(now: now), expected,
            "expire resolves pending items past their expiry in every tenant, by expiry then id, clearing leases; approve delivers the suggestion")
        log.expectEqual(expected.map(\.resolution), [.reject, .reject, .approve], "an expired item resolves to its onExpiry")
        log.expectEqual(try await queue.expire(now: now), [], "a second sweep finds nothing")
        log.expectEqual(try await queue.item(id: "rev_edge", tenant: "t1"), edge, "an item expiring now is left alone")
        log.expectEqual(try await queue.item(id: "rev_c", tenant: "t2"), expected.first, "the expiry is stored")
        log.expectEqual(try await queue.item(id: "rev_done", tenant: "t1")?.status, .rejected, "a resolved item does not expire")
        log.expect(try await queue.markReleased(id: "rev_b", tenant: "t1"), "an expired item can be released")
    }

    static func reviewResolvedChecks(_ queue: any ReviewQueue, _ log: Log) async throws {
        log.expectEqual(try await queue.resolved(tenant: "t1", since: .distantPast, limit: 10), [], "a fresh queue has nothing resolved")
        var items: [String: ReviewItem] = [:]
        let resolutions: [(String, String, Int64)] = [
            ("rev_3", "t1", 30), ("rev_1", "t1", 10), ("rev_2b", "t1", 20), ("rev_2a", "t1", 20), ("rev_x", "t2", 20),
        ]
        for (id, tenant, at) in resolutions {
            try await queue.enqueue(reviewItem(id, tenant: tenant))
            _ = try await claimAndDecide(queue, id, approval("r1", .reject, at: at), at: at, tenant: tenant)
            items[id] = try await queue.item(id: id, tenant: tenant)
        }
        try await queue.enqueue(reviewItem("rev_open"))
        let all = ["rev_1", "rev_2a", "rev_2b", "rev_3"].compactMap { items[$0] }
        log.expectEqual(try await queue.resolved(tenant: "t1", since: .distantPast, limit: 10), all, "resolved: oldest resolution first, then id")
        log.expectEqual(
            try await queue.resolved(tenant: "t1", since: date(microseconds: baseMicroseconds + 20), limit: 10), Array(all.dropFirst()),
            "since is inclusive")
        log.expectEqual(try await queue.resolved(tenant: "t1", since: .distantPast, limit: 2), Array(all.prefix(2)), "resolved honours the limit")
        log.expectEqual(
            try await queue.resolved(tenant: "t2", since: .distantPast, limit: 10), [items["rev_x"]].compactMap { $0 }, "resolved is tenant-scoped")
    }
}
