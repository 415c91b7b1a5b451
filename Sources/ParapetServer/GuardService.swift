import Crypto
import Foundation
import ParapetAudit
import ParapetCore
import ParapetGuards
import ParapetStore

/// Decides guard requests and writes their audit records: the guard API without HTTP.
struct GuardService: Sendable {
    let registry: PolicyRegistry
    let audit: any AuditRecording
    let textHashSalt: [UInt8]
    let configuration: ServerConfiguration

    /// The request's policy for `tenant`; 400 naming `policy` when the tenant has none by that name.
    func policy(for request: GuardRequest, tenant: String, prefix: String) throws -> CompiledPolicy {
        guard let compiled = registry.policy(tenant: tenant, name: request.policy) else {
            let param = prefix.isEmpty ? "policy" : prefix + ".policy"
            throw APIError.invalidRequest("unknown policy \"\(request.policy)\"", param: param, code: "unknown_policy")
        }
        return compiled
    }

    /// Decides, audits (waiting until the record is durable) and returns the outcome and audit id.
    func run(_ request: GuardRequest, policy: CompiledPolicy, key: APIKey, requestID: String) async throws -> (GuardOutcome, String) {
        let outcome = decide(request, policy: policy)
        let auditID = AuditID.make()
        let entry = AuditEntry(
            id: auditID, time: Date(), requestID: requestID, tenant: key.tenant, keyID: key.id,
            direction: request.direction, route: request.route, policyVersion: outcome.policyVersion,
            action: outcome.action, categories: outcome.categories, findingsJSON: outcome.auditFindingsJSON,
            detectors: outcome.detectors, latencyMicroseconds: outcome.latencyMicroseconds,
            textHash: outcome.textHash, redactedText: outcome.auditRedactedText,
            rawText: configuration.auditRawText ? rawText(of: request) : nil,
            metadataJSON: request.metadataJSON)
        _ = try await audit.record(entry)
        return (outcome, auditID)
    }

    /// Runs the pipeline over the text or every message.
    func decide(_ request: GuardRequest, policy: CompiledPolicy) -> GuardOutcome {
        let clock = ContinuousClock()
        let started = clock.now
        let pipeline = policy.pipeline
        var items: [GuardOutcome.Item] = []
        var action = Action.allow
        var redactedText: String?
        var redactedMessages: [GuardMessage]?
        var detectors: [String] = [GuardPipeline.normalizerID.description]
        var hasher = SHA256()
        hasher.update(data: textHashSalt)
        switch request.input {
        case .text(let text):
            let decision = pipeline.evaluate(text, direction: request.direction)
            action = decision.action
            for (finding, findingAction) in zip(decision.findings, decision.findingActions) {
                items.append(.init(finding: finding, action: findingAction, messageIndex: nil))
            }
            redactedText = decision.redactedText
            detectors += decision.timings.detectors.map(\.detector.description)
            hasher.update(data: Array(text.utf8))
        case .messages(let messages):
            var redacted = messages
            var anyRedacted = false
            for (index, message) in messages.enumerated() {
                let decision = pipeline.evaluate(message.content, direction: request.direction)
                action = max(action, decision.action)
                for (finding, findingAction) in zip(decision.findings, decision.findingActions) {
                    items.append(.init(finding: finding, action: findingAction, messageIndex: index))
                }
                if let text = decision.redactedText {
                    redacted[index].content = text
                    anyRedacted = true
                }
                if index == 0 { detectors += decision.timings.detectors.map(\.detector.description) }
                Self.updateLengthPrefixed(&hasher, Array(message.role.utf8))
                Self.updateLengthPrefixed(&hasher, Array(message.content.utf8))
            }
            if anyRedacted { redactedMessages = redacted }
        }
        let textHash = Hex.encode(hasher.finalize())
        let elapsed = clock.now - started
        let micros = elapsed.components.seconds * 1_000_000 + elapsed.components.attoseconds / 1_000_000_000_000
        return GuardOutcome(
            action: action, items: items, redactedText: redactedText, redactedMessages: redactedMessages,
            policyVersion: policy.version, detectors: detectors, latencyMicroseconds: max(0, micros), textHash: textHash)
    }

    private static func updateLengthPrefixed(_ hasher: inout SHA256, _ bytes: [UInt8]) {
        withUnsafeBytes(of: UInt64(bytes.count).bigEndian) { hasher.update(bufferPointer: $0) }
        hasher.update(data: bytes)
    }

    /// The raw text for the audit record when the configuration opts in (messages as JSON).
    private func rawText(of request: GuardRequest) -> String {
        switch request.input {
        case .text(let text): return text
        case .messages(let messages):
            var json = JSONWriter(capacity: 256)
            GuardOutcome.writeMessages(messages, to: &json)
            return json.string
        }
    }
}
