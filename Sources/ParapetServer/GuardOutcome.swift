import ParapetCore

/// One guard request decided: what the response and the audit record are built from.
struct GuardOutcome: Sendable {
    /// A finding with the action the policy gave it and, for messages, the message it is in.
    struct Item: Sendable {
        var finding: Finding
        var action: Action
        var messageIndex: Int?
    }

    var action: Action
    var items: [Item]
    /// For a text request: the text with redactions applied, nil when nothing was redacted.
    var redactedText: String?
    /// For a messages request: every message, redacted where needed; nil when nothing was.
    var redactedMessages: [GuardMessage]?
    var policyVersion: String
    var detectors: [String]
    var latencyMicroseconds: Int64
    /// Hex SHA-256 of salt ‖ raw text (messages: salt ‖ each role and content, length-prefixed).
    var textHash: String

    /// Distinct finding categories, sorted.
    var categories: [String] {
        Array(Set(items.map(\.finding.category.rawValue))).sorted()
    }

    /// The findings for the audit record: category, span, score, detector, action (and message
    /// index); never the text or the explanation.
    var auditFindingsJSON: String {
        AuditFindings.json(items.map { AuditFindings.Entry(finding: $0.finding, action: $0.action, messageIndex: $0.messageIndex) })
    }

    /// The text stored as `redactedText` in the audit record.
    var auditRedactedText: String? {
        if let redactedText { return redactedText }
        guard let redactedMessages else { return nil }
        var json = JSONWriter(capacity: 256)
        Self.writeMessages(redactedMessages, to: &json)
        return json.string
    }

    /// Writes the response object of one decision.
    func writeResponse(auditID: String, to json: inout JSONWriter) {
        json.key("action", first: true)
        json.string(action.rawValue)
        json.key("findings")
        json.byte(UInt8(ascii: "["))
        for (i, item) in items.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            let f = item.finding
            json.byte(UInt8(ascii: "{"))
            json.key("category", first: true)
            json.string(f.category.rawValue)
            json.key("start")
            json.int(f.start)
            json.key("end")
            json.int(f.end)
            json.key("utf8_start")
            json.int(f.utf8Start)
            json.key("utf8_end")
            json.int(f.utf8End)
            json.key("score")
            json.double(f.score)
            json.key("detector")
            json.string(f.detector.description)
            json.key("explanation")
            json.string(f.explanation)
            json.key("action")
            json.string(item.action.rawValue)
            if let index = item.messageIndex {
                json.key("message_index")
                json.int(index)
            }
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
        if let redactedText {
            json.key("redacted_text")
            json.string(redactedText)
        }
        if let redactedMessages {
            json.key("redacted_messages")
            Self.writeMessages(redactedMessages, to: &json)
        }
        json.key("latency_us")
        json.int(latencyMicroseconds)
        json.key("audit_id")
        json.string(auditID)
        json.key("policy_version")
        json.string(policyVersion)
    }

    static func writeMessages(_ messages: [GuardMessage], to json: inout JSONWriter) {
        json.byte(UInt8(ascii: "["))
        for (i, message) in messages.enumerated() {
            if i > 0 { json.byte(UInt8(ascii: ",")) }
            json.byte(UInt8(ascii: "{"))
            json.key("role", first: true)
            json.string(message.role)
            json.key("content")
            json.string(message.content)
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
    }
}
