import Foundation
import ParapetCore

/// The body format of a webhook.
public enum WebhookFormat: String, Sendable, Hashable, CaseIterable {
    /// Parapet's JSON event (`{"id","type","created_at","review":{…},"decision":{…}}`).
    case generic
    /// A Slack incoming-webhook message (`{"text","blocks"}`).
    case slack
}

/// Renders a `ReviewEvent` as a webhook body. Only the event's fields are written, and the event
/// holds no content, so no body can carry the request, the suggestion or an edit.
enum WebhookPayload {
    static func body(_ event: ReviewEvent, format: WebhookFormat, consoleURL: String?) -> [UInt8] {
        switch format {
        case .generic: generic(event).serialized
        case .slack: slack(event, consoleURL: consoleURL).serialized
        }
    }

    /// The generic event:
    ///
    /// ```json
    /// {"id":"evt_…","type":"review.decided","created_at":"…",
    ///  "review":{"id":"rev_…","tenant":"acme","route":"refunds","kind":"pre_action","level":"medium",
    ///   "priority":0.5,"status":"pending","verdict":"approve","reason_code":"looks_right","approvals":1,
    ///   "required_approvals":2,"requires_senior":false,"category":null,"created_at":"…","expires_at":"…",
    ///   "resolved_at":null,"audit_id":"aud_…","poll":"/v1/reviews/rev_…"},
    ///  "decision":{"reviewer":"key_…","senior":false,"verdict":"approve","reason_code":"looks_right","at":"…"}}
    /// ```
    static func generic(_ event: ReviewEvent) -> JSON {
        let r = event.review
        let review: JSONObject = [
            "id": .string(r.id),
            "tenant": .string(r.tenant),
            "route": .string(r.route),
            "kind": .string(r.kind.rawValue),
            "level": .string(r.level.rawValue),
            "priority": .number(r.priority),
            "status": .string(r.status.rawValue),
            "verdict": optional(r.verdict?.rawValue),
            "reason_code": optional(r.reasonCode),
            "approvals": .number(r.approvals),
            "required_approvals": .number(r.requiredApprovals),
            "requires_senior": .bool(r.requiresSenior),
            "category": optional(r.category),
            "created_at": .string(RFC3339.format(r.createdAt)),
            "expires_at": .string(RFC3339.format(r.expiresAt)),
            "resolved_at": optional(r.resolvedAt.map(RFC3339.format)),
            "audit_id": optional(r.auditID),
            "poll": .string(r.poll),
        ]
        var object: JSONObject = [
            "id": .string(event.id),
            "type": .string(event.kind.rawValue),
            "created_at": .string(RFC3339.format(event.occurredAt)),
            "review": .object(review),
        ]
        if let d = event.decision {
            object["decision"] = .object([
                "reviewer": .string(d.reviewer),
                "senior": .bool(d.senior),
                "verdict": .string(d.verdict.rawValue),
                "reason_code": .string(d.reasonCode),
                "at": .string(RFC3339.format(d.at)),
            ])
        }
        return .object(object)
    }

    /// A Slack message: `text` (the notification's fallback) and one section block saying what
    /// happened, with the route, level, priority, approvals and tenant as fields, and a link to the
    /// item in the console when `consoleURL` is set.
    static func slack(_ event: ReviewEvent, consoleURL: String?) -> JSON {
        let r = event.review
        let headline = headline(event)
        var text = "*" + escape(headline) + "*"
        if let link = consoleLink(consoleURL, id: r.id) {
            text += "\n<" + escape(link) + "|Open in the console>"
        }
        let fields: [(String, String)] = [
            ("Route", r.route),
            ("Level", r.level.rawValue),
            ("Priority", priority(r.priority)),
            ("Approvals", "\(r.approvals)/\(r.requiredApprovals)" + (r.requiresSenior ? " (senior required)" : "")),
            ("Status", r.status.rawValue),
            ("Tenant", r.tenant),
        ]
        let section: JSONObject = [
            "type": "section",
            "text": .object(["type": "mrkdwn", "text": .string(text)]),
            "fields": .array(fields.map { name, value in .object(["type": "mrkdwn", "text": .string("*\(name)*\n" + escape(value))]) }),
        ]
        return .object(["text": .string(headline + " (route \(r.route), \(r.level.rawValue))"), "blocks": .array([.object(section)])])
    }

    /// One line saying what happened: `Review rev_… needs a reviewer`, `… approved (1/2)`, ….
    static func headline(_ event: ReviewEvent) -> String {
        let r = event.review
        switch event.kind {
        case .created:
            return "Review \(r.id) needs a reviewer"
        case .decided:
            let verdict = event.decision?.verdict ?? r.verdict
            let what: String
            switch verdict {
            case .approve?: what = "approval \(r.approvals)/\(r.requiredApprovals)"
            case .reject?: what = "rejection"
            case .edit?: what = "edit"
            case nil: what = "decision"
            }
            return "Review \(r.id): \(what) recorded" + (r.reasonCode.map { " (\($0))" } ?? "")
        case .resolved:
            switch r.status {
            case .approved: return "Review \(r.id) approved"
            case .rejected: return "Review \(r.id) rejected" + (r.reasonCode.map { " (\($0))" } ?? "")
            case .edited: return "Review \(r.id) edited and approved"
            case .expired: return "Review \(r.id) expired: " + (r.verdict == .approve ? "the answer is delivered" : "the answer is refused")
            case .pending: return "Review \(r.id) is pending"
            }
        }
    }

    /// `<console>/items/<id>`, or nil without a console URL.
    static func consoleLink(_ consoleURL: String?, id: String) -> String? {
        guard var base = consoleURL, !base.isEmpty else { return nil }
        while base.hasSuffix("/") { base.removeLast() }
        return base + "/items/" + id
    }

    /// Slack's mrkdwn escapes: `&`, `<` and `>` (so a name cannot forge a link or a mention).
    static func escape(_ text: String) -> String {
        var out = ""
        out.reserveCapacity(text.utf8.count)
        for ch in text {
            switch ch {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            default: out.append(ch)
            }
        }
        return out
    }

    /// The priority with at most two decimals.
    static func priority(_ value: Double) -> String {
        guard value.isFinite else { return "–" }
        return ((value * 100).rounded() / 100).description
    }

    private static func optional(_ value: String?) -> JSON { value.map(JSON.string) ?? .null }
}
