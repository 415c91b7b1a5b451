import Foundation
import ParapetCore
import ParapetStore

/// What a client sees of its held answer while it waits.
struct ReviewState: Encodable, Sendable {
    var id: String
    var object = "review"
    var status: String
    var route: String
    var level: String
    var requiredApprovals: Int
    var approvals: Int
    var createdAt: String
    var expiresAt: String

    init(_ item: ReviewItem) {
        id = item.id
        status = item.status.rawValue
        route = item.route
        level = item.level.rawValue
        requiredApprovals = item.requiredApprovals
        approvals = item.approvals
        createdAt = RFC3339.format(item.createdAt)
        expiresAt = RFC3339.format(item.expiresAt)
    }

    enum CodingKeys: String, CodingKey {
        case id, object, status, route, level, approvals
        case requiredApprovals = "required_approvals"
        case createdAt = "created_at"
        case expiresAt = "expires_at"
    }
}

/// A reviewer's view of an item: the redacted request, the model's suggestion, confidence,
/// findings, fired triggers, and the decisions so far.
struct ReviewView: Encodable, Sendable {
    var state: ReviewState
    var priority: Double
    var requiresSenior: Bool
    var confidence: Double?
    var category: String?
    var request: String
    var suggestion: String
    var findings: String
    var triggers: String
    var reasoning: String?
    var decisions: [Decision]
    var leaseHolder: String?
    var leaseUntil: String?

    struct Decision: Encodable, Sendable {
        var reviewer: String
        var verdict: String
        var reasonCode: String
        var comment: String?
        var at: String

        enum CodingKeys: String, CodingKey {
            case reviewer, verdict, comment, at
            case reasonCode = "reason_code"
        }
    }

    init(_ item: ReviewItem) {
        state = ReviewState(item)
        priority = item.priority
        requiresSenior = item.requiresSenior
        confidence = item.confidence
        category = item.category
        request = String(decoding: item.request, as: UTF8.self)
        suggestion = HeldAnswer.text(of: item.suggestion)
        findings = String(decoding: item.findings, as: UTF8.self)
        triggers = String(decoding: item.triggers, as: UTF8.self)
        reasoning = item.reasoning
        decisions = item.decisions.map {
            Decision(reviewer: $0.reviewerKeyID, verdict: $0.verdict.rawValue, reasonCode: $0.reasonCode, comment: $0.comment, at: RFC3339.format($0.at))
        }
        leaseHolder = item.lease?.reviewer
        leaseUntil = item.lease.map { RFC3339.format($0.until) }
    }

    func encode(to encoder: any Encoder) throws {
        try state.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode(priority, forKey: .priority)
        try container.encode(requiresSenior, forKey: .requiresSenior)
        try container.encode(confidence, forKey: .confidence)
        try container.encode(category, forKey: .category)
        try container.encode(request, forKey: .request)
        try container.encode(suggestion, forKey: .suggestion)
        try container.encode(findings, forKey: .findings)
        try container.encode(triggers, forKey: .triggers)
        try container.encode(reasoning, forKey: .reasoning)
        try container.encode(decisions, forKey: .decisions)
        try container.encode(leaseHolder, forKey: .leaseHolder)
        try container.encode(leaseUntil, forKey: .leaseUntil)
    }

    enum CodingKeys: String, CodingKey {
        case priority, confidence, category, request, suggestion, findings, triggers, reasoning, decisions
        case requiresSenior = "requires_senior"
        case leaseHolder = "lease_holder"
        case leaseUntil = "lease_until"
    }
}

struct ReviewList: Encodable, Sendable {
    var object = "list"
    var data: [ReviewView]
}

/// The held response body (an OpenAI chat completion, as it would have been delivered).
enum HeldAnswer {
    /// The first choice's text (or its tool calls), for reviewers.
    static func text(of body: [UInt8]) -> String {
        guard let json = try? JSON.parse(body), let message = json["choices"]?.arrayValue?.first?["message"] else {
            return String(decoding: body, as: UTF8.self)
        }
        if let content = message["content"]?.stringValue { return content }
        return message["tool_calls"].map(\.description) ?? ""
    }

    /// The body with the first choice's content replaced by a reviewer's edit.
    static func replacingContent(of body: [UInt8], with content: String) -> [UInt8] {
        guard case .object(var root)? = try? JSON.parse(body), case .array(var choices)? = root["choices"], case .object(var choice)? = choices.first,
              case .object(var message)? = choice["message"]
        else { return body }
        message["content"] = .string(content)
        choice["message"] = .object(message)
        choices[0] = .object(choice)
        root["choices"] = .array(choices)
        return JSON.object(root).serialized
    }
}
