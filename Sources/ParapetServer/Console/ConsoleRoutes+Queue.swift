import Foundation
import Hummingbird
import ParapetStore

extension ConsoleRoutes {
    /// What a redirect after an action may ask the next page to say (nothing else is shown).
    enum Notice: String {
        case claimed, approve, reject, edit

        var text: String {
            switch self {
            case .claimed: "You hold this item now. Decide before your claim runs out."
            case .approve: "Your approval is recorded."
            case .reject: "Your rejection is recorded."
            case .edit: "Your edit is recorded."
            }
        }
    }

    /// `GET /console`: the tenant's pending items, highest priority first.
    func queuePage(_ request: Request, viewer: ConsoleViewer) async throws -> Response {
        let now = Date()
        let items = try await desk.pending(tenant: viewer.key.tenant, limit: Self.queueLimit, now: now)
        let names = try await keyNames(tenant: viewer.key.tenant)
        let rows = items.map { Self.queueRow($0, names: names, viewer: viewer.key, now: now) }
        let table: HTML =
            rows.isEmpty
            ? "<p class=\"card\" id=\"empty-queue\">Nothing is waiting for review.</p>"
            : """
            <table id="queue"><thead><tr><th>Item</th><th>Route</th><th>Level</th><th>Priority</th><th>Confidence</th><th>Age</th>\
            <th>Expires</th><th>Approvals</th><th>Senior</th><th>Claimed by</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
        let content: HTML = """
            \(Self.notice(request))
            <h1>Review queue</h1>
            <p class="muted">\(items.count) pending\(items.count == Self.queueLimit ? " (the first \(Self.queueLimit))" : ""). \
            Press j / k to move, Enter to open, ? for all keys.</p>
            \(table)
            """
        return ConsolePage.response(title: "Queue", viewer: viewer, content: content)
    }

    private static func queueRow(_ item: ReviewItem, names: [String: String], viewer: APIKey, now: Date) -> HTML {
        let href = "/console/items/" + HTML.pathSegment(item.id)
        let holder = item.lease.flatMap { $0.holds(at: now) ? ConsoleFormat.reviewer($0.reviewer, names: names, viewer: viewer) : nil } ?? "—"
        return """
            <tr data-href="\(href)" data-id="\(item.id)"><td><a href="\(href)">\(item.id)</a></td><td>\(item.route)</td>\
            <td>\(item.level.rawValue)</td><td>\(ConsoleFormat.fixed(item.priority))</td><td>\(ConsoleFormat.fixed(item.confidence))</td>\
            <td>\(ConsoleFormat.age(item.createdAt, now: now))</td><td title="\(RFC3339.format(item.expiresAt))">\(ConsoleFormat.until(item.expiresAt, now: now))</td>\
            <td>\(item.approvals)/\(item.requiredApprovals)</td><td>\(item.requiresSenior ? "required" : "no")</td><td>\(holder)</td></tr>
            """
    }

    /// The notice a redirect asked for (`?notice=approve&item=rev_…`), if it is one of `Notice`.
    static func notice(_ request: Request) -> HTML {
        guard let notice = request.uri.queryParameters.get("notice").flatMap(Notice.init(rawValue:)) else { return .empty }
        let item = request.uri.queryParameters.get("item").flatMap { id in
            id.utf8.count <= 64 && id.utf8.allSatisfy { $0.isIDByte } ? id : nil
        }
        return "<p class=\"notice card\" role=\"status\" id=\"notice\">\(notice.text)\(item.map { " (\($0))" })</p>"
    }

    /// The names of the tenant's keys by id, to show reviewers by name.
    func keyNames(tenant: String) async throws -> [String: String] {
        let keys = try await store("key listing") { try await self.keys.keys(tenant: tenant) }
        return Dictionary(keys.map { ($0.id, $0.name) }, uniquingKeysWith: { first, _ in first })
    }
}

extension UInt8 {
    /// `A-Z a-z 0-9 - _`: what a review id is made of.
    fileprivate var isIDByte: Bool {
        (self >= 0x30 && self <= 0x39) || (self >= 0x41 && self <= 0x5A) || (self >= 0x61 && self <= 0x7A) || self == UInt8(ascii: "-")
            || self == UInt8(ascii: "_")
    }
}
