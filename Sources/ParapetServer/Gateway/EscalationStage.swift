import Foundation
import ParapetCore
import ParapetGateway
import ParapetReview
import ParapetStore

/// What the escalation engine decided for one gateway call, and the review item it led to: the
/// `review` part of the call's audit record and the `x-parapet-review-*` headers.
struct EscalationNote: Sendable {
    var decision: EscalationDecision
    /// The review item's id, when the call entered the queue.
    var reviewID: String?

    func write(to json: inout JSONWriter) {
        json.key("review")
        json.raw("{")
        json.key("handoff", first: true)
        json.string(decision.handoff.rawValue)
        json.key("level")
        json.string(decision.level.rawValue)
        json.key("policy")
        json.string(decision.policy.rawValue)
        json.key("sampled")
        json.bool(decision.sampled)
        json.key("priority")
        json.double(decision.priority)
        json.key("scores")
        json.raw("{")
        json.key("irreversibility", first: true)
        json.int(decision.scores.irreversibility)
        json.key("blast_radius")
        json.int(decision.scores.blastRadius)
        json.key("compliance")
        json.int(decision.scores.compliance)
        json.key("confidence")
        json.int(decision.scores.confidence)
        json.raw("}")
        json.key("fired")
        json.appendJSON(decision.triggersJSON)
        json.key("review_id")
        json.string(reviewID)
        json.raw("}")
    }
}

extension GatewayService {
    /// Settings for a route without `review:`: a quality gate's review tier (or the tool policy's
    /// `review`) still reaches one reviewer before delivery; nothing is sampled.
    static let implicitReviewSettings = ReviewSettings(mode: .preAction, sampleRate: 0)

    /// The escalation decision for an answer that passed the guards, or nil when the route has no
    /// `review:` settings and no gate asked for a person (the fast path: no engine runs).
    /// `gates` are the stages that already want a person (the confidence gate's review tier, the
    /// grounding check's, the tool policy's `review`).
    func escalate(
        _ completion: ChatCompletion, route: RouteConfiguration?, record: CallRecord, output: GuardVerdict, gates: [EscalationInput.Gate]
    ) -> (decision: EscalationDecision, settings: ReviewSettings, input: EscalationInput)? {
        guard route?.review != nil || !gates.isEmpty else { return nil }
        let settings = route?.review ?? Self.implicitReviewSettings
        let input = Self.escalationInput(completion, record: record, output: output, gates: gates)
        let engine = EscalationEngine(settings: settings, memory: escalationMemory)
        return (engine.evaluate(input, sample: Double.random(in: 0..<1)), settings, input)
    }

    /// Remembers a delivered call for `first_time_task` and `contradiction`.
    func rememberDelivered(_ input: EscalationInput, settings: ReviewSettings) {
        EscalationEngine(settings: settings, memory: escalationMemory).remember(input)
    }

    /// What the engine sees of a call: who, what kind of task about what, the calibrated
    /// confidence, output tokens, the guards' categories, the first choice's content as JSON (when
    /// it is JSON) and every tool call with its arguments parsed (a string when they do not parse).
    static func escalationInput(_ completion: ChatCompletion, record: CallRecord, output: GuardVerdict, gates: [EscalationInput.Gate]) -> EscalationInput {
        let choices = completion.choices
        var answer: JSON?
        if let content = choices.first?.content, let first = content.utf8.first(where: { !$0.isJSONSpace }),
            first == UInt8(ascii: "{") || first == UInt8(ascii: "[")
        {
            answer = try? JSON.parse(Array(content.utf8), maxDepth: 64)
        }
        var calls: [EscalationInput.ToolCall] = []
        for choice in choices {
            for call in choice.toolCalls {
                let arguments = (try? JSON.parse(Array(call.arguments.utf8), maxDepth: 64)) ?? .string(call.arguments)
                calls.append(EscalationInput.ToolCall(name: call.name, arguments: arguments))
            }
        }
        var categories: [String] = []
        for item in (record.input?.items ?? []) + output.items where !categories.contains(item.finding.category.rawValue) {
            categories.append(item.finding.category.rawValue)
        }
        return EscalationInput(
            tenant: record.tenant, route: record.route, user: record.user, taskType: record.feature, subject: record.subject,
            confidence: record.quality.confidence?.calibrated, outputTokens: record.usage?.output, categories: categories, answer: answer,
            toolCalls: calls, gates: gates)
    }

    /// The review item for a call the engine sent to the queue (held before delivery or audited
    /// after it), tied to the call's audit record.
    static func reviewItem(
        id: String, completion: ChatCompletion, request: ChatRequest, record: CallRecord, decision: EscalationDecision, settings: ReviewSettings,
        output: GuardVerdict, auditID: String, now: Date
    ) -> ReviewItem {
        ReviewItem(
            id: id, tenant: record.tenant, route: record.route, kind: decision.reviewKind ?? .preAction, level: decision.level,
            priority: decision.priority, requiredApprovals: max(1, decision.policy.requiredApprovals), requiresSenior: decision.policy.requiresSenior,
            createdAt: now, expiresAt: now.addingTimeInterval(settings.expiry.inSeconds), onExpiry: settings.onExpiry, taskType: record.feature,
            subject: record.subject, user: record.user, category: decision.category ?? output.items.first?.finding.category.rawValue,
            request: reviewRequestSummary(request, record: record), suggestion: JSON.object(completion.json).serialized,
            confidence: record.quality.confidence?.calibrated, findings: Array(CallRecord.findingsJSON(output.items).utf8),
            triggers: decision.triggersJSON, reasoning: reviewReason(record.quality, decision: decision), auditID: auditID)
    }

    /// Why a call is in the queue, for the reviewer: the highest-priority trigger's detail, with
    /// the quality gate's own explanation when it fired.
    static func reviewReason(_ note: QualityNote, decision: EscalationDecision) -> String {
        if decision.sampled { return "sampled for a post-action audit of an auto-approved answer" }
        var parts: [String] = []
        if decision.fired.contains(where: { $0.kind == .qualityGate }) { parts.append(reviewReason(note)) }
        for trigger in decision.fired where trigger.kind != .qualityGate {
            parts.append(trigger.kind.rawValue + ": " + trigger.detail)
        }
        return parts.isEmpty ? "the route holds this answer for review" : parts.joined(separator: "; ")
    }

    /// Puts a delivered answer in the queue for a post-action audit. The answer is already the
    /// client's, so a queue failure is logged and does not fail the call.
    func enqueuePostAudit(_ item: ReviewItem) async {
        do {
            try await reviews.enqueue(item)
        } catch {
            logger.error("review queue failed to take post-action audit item \(item.id) (audit \(item.auditID ?? "-")): \(error)")
        }
    }
}

extension UInt8 {
    fileprivate var isJSONSpace: Bool { self == 0x20 || self == 0x0A || self == 0x0D || self == 0x09 }
}
