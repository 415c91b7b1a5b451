import Foundation
import Hummingbird
import ParapetCore
import ParapetStore

extension ConsoleRoutes {
    /// Reason codes offered per verdict (a reviewer may type any other code instead).
    static let reasons: [ReviewVerdict: [String]] = [
        .approve: ["looks_right", "verified_source", "minor_issue_acceptable"],
        .reject: ["wrong_answer", "hallucination", "policy", "unsafe", "off_topic", "incomplete", "tone"],
        .edit: ["factual_fix", "tone", "incomplete", "formatting", "policy"],
    ]

    /// `GET /console/items/{id}`: the request, the model's suggestion, why it was escalated, the
    /// decisions so far, and the actions the viewer can take now.
    func itemPage(_ request: Request, id: String, viewer: ConsoleViewer) async throws -> Response {
        let item = try await desk.item(id: id, tenant: viewer.key.tenant)
        let names = try await keyNames(tenant: viewer.key.tenant)
        let now = Date()
        let suggestion = HeldAnswer.text(of: item.suggestion)
        let content: HTML = """
            \(Self.notice(request))
            <p><a href="/console">← Queue</a></p>
            <h1>Review <span id="item-id">\(item.id)</span></h1>
            \(Self.summary(item, names: names, viewer: viewer.key, now: now))
            <h2>Request</h2>
            \(Self.request(item.request))
            <h2>The model's suggestion</h2>
            <pre id="suggestion">\(suggestion)</pre>
            <h2>Why it is here</h2>
            \(item.reasoning.map { "<p id=\"reasoning\">\($0)</p>" as HTML } ?? .empty)
            <h3>Fired triggers</h3>
            \(Self.table(item.triggers, id: "triggers", empty: "No trigger recorded."))
            <h3>Findings</h3>
            \(Self.table(item.findings, id: "findings", empty: "No guard findings."))
            <h2>Your decision</h2>
            \(Self.actions(item, suggestion: suggestion, viewer: viewer, now: now))
            <h2>Decisions so far</h2>
            \(Self.decisions(item, names: names, viewer: viewer.key))
            """
        return ConsolePage.response(title: item.id, viewer: viewer, content: content)
    }

    private static func summary(_ item: ReviewItem, names: [String: String], viewer: APIKey, now: Date) -> HTML {
        let holder = item.lease.flatMap { lease in
            lease.holds(at: now) ? ConsoleFormat.reviewer(lease.reviewer, names: names, viewer: viewer) + " until " + RFC3339.format(lease.until) : nil
        }
        return """
            <table class="summary"><tbody>
            <tr><th>Status</th><td id="status">\(item.status.rawValue)</td><th>Route</th><td>\(item.route)</td></tr>
            <tr><th>Level</th><td>\(item.level.rawValue)</td><th>Priority</th><td>\(ConsoleFormat.fixed(item.priority))</td></tr>
            <tr><th>Confidence</th><td id="confidence">\(ConsoleFormat.fixed(item.confidence))</td><th>Category</th><td>\(item.category ?? "—")</td></tr>
            <tr><th>Approvals</th><td id="approvals">\(item.approvals)/\(item.requiredApprovals)</td>\
            <th>Senior</th><td>\(item.requiresSenior ? "required" : "not required")</td></tr>
            <tr><th>Created</th><td>\(RFC3339.format(item.createdAt)) (\(ConsoleFormat.age(item.createdAt, now: now)))</td>\
            <th>Expires</th><td>\(RFC3339.format(item.expiresAt)) (\(ConsoleFormat.until(item.expiresAt, now: now)), then \(item.onExpiry.rawValue))</td></tr>
            <tr><th>Claimed by</th><td id="holder">\(holder ?? "nobody")</td><th>Task type</th><td>\(item.taskType ?? "—")</td></tr>
            </tbody></table>
            """
    }

    /// What the viewer can do: claim an open item nobody else holds, and decide one they hold.
    private static func actions(_ item: ReviewItem, suggestion: String, viewer: ConsoleViewer, now: Date) -> HTML {
        let csrf: HTML = "<input type=\"hidden\" name=\"csrf\" value=\"\(viewer.session.csrfToken)\">"
        let action = "/console/items/" + HTML.pathSegment(item.id)
        guard item.isOpen(at: now) else {
            return "<p class=\"card\" id=\"state\">This item is \(item.isResolved ? item.status.rawValue : "past its expiry"): nothing left to decide.</p>"
        }
        if item.hasDecision(by: viewer.key.id) {
            return """
                <p class="card" id="state">You have decided on this item; it waits for another reviewer \
                (\(item.approvals) of \(item.requiredApprovals) approvals\(item.requiresSenior ? ", one of them senior" : "")).</p>
                """
        }
        let holds = item.lease.map { $0.holds(at: now) } ?? false
        let mine = holds && item.lease?.reviewer == viewer.key.id
        if holds, !mine {
            return "<p class=\"card\" id=\"state\">Another reviewer holds this item; it comes free when their claim runs out.</p>"
        }
        let claim: HTML = """
            <form method="post" action="\(action)/claim" id="claim-form" class="inline">\(csrf)\
            <button type="submit" id="claim">\(mine ? "Renew claim" : "Claim") (c)</button></form>
            """
        guard mine else { return "<div class=\"card\" id=\"state\"><p>Claim the item to decide on it.</p>\(claim)</div>" }
        let edit: HTML = """
            <label for="edit-content">Text the client receives</label>
            <textarea id="edit-content" name="edited_content">\(suggestion)</textarea>
            """
        return """
            <div class="card" id="state"><p>You hold this item.</p>\(claim)</div>
            <div class="actions">
            \(decisionForm(.approve, title: "Approve", key: "a", action: action, csrf: csrf, extra: .empty))
            \(decisionForm(.reject, title: "Reject", key: "r", action: action, csrf: csrf, extra: .empty))
            \(decisionForm(.edit, title: "Save edit", key: "e", action: action, csrf: csrf, extra: edit))
            </div>
            """
    }

    /// One decision form: the verdict, a reason (a common code or one typed in), a comment.
    private static func decisionForm(_ verdict: ReviewVerdict, title: String, key: String, action: String, csrf: HTML, extra: HTML) -> HTML {
        let name = verdict.rawValue
        let options = (reasons[verdict] ?? []).map { "<option value=\"\($0)\">\($0)</option>" as HTML }
        return """
            <form method="post" action="\(action)/decision" id="\(name)-form" class="card">\(csrf)
            <input type="hidden" name="verdict" value="\(name)">
            <h2>\(title)</h2>
            \(extra)
            <label for="\(name)-reason">Reason</label>
            <select id="\(name)-reason" name="reason">\(options)</select>
            <label for="\(name)-reason-other">or another reason code</label>
            <input type="text" id="\(name)-reason-other" name="reason_other" maxlength="64" autocomplete="off">
            <label for="\(name)-comment">Comment (optional)</label>
            <input type="text" id="\(name)-comment" name="comment" autocomplete="off">
            <button type="submit" id="\(name)">\(title) (\(key))</button>
            </form>
            """
    }

    /// The request's messages (the summary the gateway stored: route, messages, sampling), or its
    /// raw text when it is not that JSON.
    private static func request(_ bytes: [UInt8]) -> HTML {
        guard let json = try? JSON.parse(bytes), let messages = json["messages"]?.arrayValue else {
            return "<pre id=\"request\">\(String(decoding: bytes, as: UTF8.self))</pre>"
        }
        let rows = messages.map { message -> HTML in
            let role = message["role"].map(ConsoleFormat.text) ?? "?"
            let content = message["content"].map(ConsoleFormat.text) ?? ""
            return "<div class=\"message\"><span class=\"role\">\(role)</span><pre>\(content)</pre></div>"
        }
        var settings: [HTML] = []
        if let temperature = json["temperature"] { settings.append("<span>temperature \(ConsoleFormat.text(temperature))</span>") }
        return "<div id=\"request\">\(rows)\(settings)</div>"
    }

    /// A JSON array of objects as a table (columns in order of first appearance); other JSON as
    /// text; `empty` for an empty array.
    static func table(_ bytes: [UInt8], id: String, empty: String) -> HTML {
        guard let json = try? JSON.parse(bytes), let rows = json.arrayValue, rows.allSatisfy({ $0.objectValue != nil }) else {
            return "<pre id=\"\(id)\">\(String(decoding: bytes, as: UTF8.self))</pre>"
        }
        guard !rows.isEmpty else { return "<p class=\"muted\" id=\"\(id)\">\(empty)</p>" }
        var columns: [String] = []
        for row in rows {
            for key in row.objectValue?.keys ?? [] where !columns.contains(key) { columns.append(key) }
        }
        let head = columns.map { "<th>\($0)</th>" as HTML }
        let body = rows.map { row -> HTML in
            let cells = columns.map { column in "<td>\(row[column].map(ConsoleFormat.text) ?? "")</td>" as HTML }
            return "<tr>\(cells)</tr>"
        }
        return "<table id=\"\(id)\"><thead><tr>\(head)</tr></thead><tbody>\(body)</tbody></table>"
    }

    private static func decisions(_ item: ReviewItem, names: [String: String], viewer: APIKey) -> HTML {
        guard !item.decisions.isEmpty else { return "<p class=\"muted\" id=\"decisions\">None yet.</p>" }
        let rows = item.decisions.map { decision -> HTML in
            """
            <tr><td>\(ConsoleFormat.reviewer(decision.reviewerKeyID, names: names, viewer: viewer))\(decision.senior ? " (senior)" : "")</td>\
            <td>\(decision.verdict.rawValue)</td><td>\(decision.reasonCode)</td><td>\(decision.comment ?? "")</td><td>\(RFC3339.format(decision.at))</td></tr>
            """
        }
        return """
            <table id="decisions"><thead><tr><th>Reviewer</th><th>Verdict</th><th>Reason</th><th>Comment</th><th>At</th></tr></thead>
            <tbody>\(rows)</tbody></table>
            """
    }
}
