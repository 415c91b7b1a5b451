import Foundation

/// The rules of the queue as pure changes of one item, shared by every `ReviewQueue`
/// implementation: load the item, apply the rule, store the item if the rule says it changed.
extension ReviewItem {
    /// Leases are clamped to 0…10 years, so that their end stays storable.
    public static let longestLease: Duration = .seconds(10 * 366 * 86_400)

    /// Why the item cannot be enqueued, or nil when it can: `requiredApprovals` in 1…3, `onExpiry`
    /// approve or reject, finite `priority` and `confidence`, and a fresh state (pending, no
    /// decisions, lease, resolution, final body or release).
    public var enqueueProblem: String? {
        guard (1...3).contains(requiredApprovals) else { return "requiredApprovals must be 1…3, not \(requiredApprovals)" }
        guard onExpiry != .edit else { return "onExpiry must be approve or reject" }
        guard priority.isFinite else { return "priority must be a finite number" }
        if let confidence, !confidence.isFinite { return "confidence must be a finite number" }
        guard status == .pending, decisions.isEmpty, lease == nil, resolvedAt == nil, finalBody == nil, !released else {
            return "a new item must be pending, without decisions, lease, resolution or release"
        }
        return nil
    }

    /// Whether reviewers can still act on the item at `now`: pending and not past `expiresAt`.
    public func isOpen(at now: Date) -> Bool { status == .pending && expiresAt >= now }

    /// Whether `reviewer` has decided this item.
    public func hasDecision(by reviewer: String) -> Bool {
        decisions.contains { Self.same($0.reviewerKeyID, reviewer) }
    }

    /// Gives `reviewer` a lease ending `lease` after `now` (renewing their own), unless the item
    /// is resolved, past its expiry, already decided by them, or held by someone else's live
    /// lease. Changes the item only when the result is `.claimed`.
    public mutating func claim(reviewer: String, lease: Duration, now: Date) -> ReviewClaim {
        if isResolved { return .resolved(self) }
        if expiresAt < now { return .expired(self) }
        if hasDecision(by: reviewer) { return .alreadyDecidedByThisReviewer(self) }
        if let current = self.lease, !Self.same(current.reviewer, reviewer), current.holds(at: now) {
            return .heldByOther(reviewer: current.reviewer, until: current.until)
        }
        self.lease = ReviewLease(reviewer: reviewer, until: Self.adding(lease, to: now))
        return .claimed(self)
    }

    /// Records the decision of the live lease holder and clears the lease. A rejection or an edit
    /// resolves the item at once (an edit without a body delivers the suggestion); an approval
    /// resolves it as approved when it completes `requiredApprovals` (with a senior approval among
    /// them if `requiresSenior`). Changes the item only when the result is `.recorded`.
    public mutating func decide(_ decision: ReviewDecision, now: Date) -> ReviewOutcome {
        if isResolved { return .resolved(self) }
        if expiresAt < now { return .expired(self) }
        if hasDecision(by: decision.reviewerKeyID) { return .alreadyDecidedByThisReviewer }
        guard let lease, Self.same(lease.reviewer, decision.reviewerKeyID), lease.holds(at: now) else { return .notLeaseHolder }
        decisions.append(decision)
        self.lease = nil
        switch decision.verdict {
        case .reject:
            resolve(as: .rejected, body: nil, now: now)
        case .edit:
            resolve(as: .edited, body: decision.editedBody ?? suggestion, now: now)
        case .approve:
            let seniorApproved = decisions.contains { $0.verdict == .approve && $0.senior }
            if approvals >= requiredApprovals, seniorApproved || !requiresSenior {
                resolve(as: .approved, body: suggestion, now: now)
            }
        }
        return .recorded(self, resolved: isResolved)
    }

    /// Resolves a pending item whose `expiresAt` is before `now` as `expired` (delivering the
    /// suggestion if `onExpiry` is `.approve`); returns whether it did.
    public mutating func expire(now: Date) -> Bool {
        guard status == .pending, expiresAt < now else { return false }
        lease = nil
        resolve(as: .expired, body: onExpiry == .approve ? suggestion : nil, now: now)
        return true
    }

    /// Marks a resolved, unreleased item released; returns whether it did.
    public mutating func release() -> Bool {
        guard isResolved, !released else { return false }
        released = true
        return true
    }

    private mutating func resolve(as status: ReviewStatus, body: [UInt8]?, now: Date) {
        self.status = status
        finalBody = body
        resolvedAt = Self.wholeMicroseconds(now)
    }

    /// Reviewer ids compare byte for byte, as a database compares them.
    static func same(_ a: String, _ b: String) -> Bool { a.utf8.elementsEqual(b.utf8) }

    private static func microseconds(_ date: Date) -> Double { (date.timeIntervalSince1970 * 1_000_000).rounded() }

    /// `date` rounded to whole microseconds, built as stores build the dates they read.
    static func wholeMicroseconds(_ date: Date) -> Date { Date(timeIntervalSince1970: microseconds(date) / 1_000_000) }

    /// `date` plus `duration` (clamped to 0…`longestLease`), in whole microseconds.
    static func adding(_ duration: Duration, to date: Date) -> Date {
        let clamped = min(max(duration, .zero), longestLease)
        let (seconds, attoseconds) = clamped.components
        let span = Double(seconds) * 1_000_000 + (Double(attoseconds) / 1_000_000_000_000).rounded()
        return Date(timeIntervalSince1970: (microseconds(date) + span) / 1_000_000)
    }
}
