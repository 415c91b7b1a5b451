import Hummingbird
import NIOCore
import ParapetCore
import ParapetGateway
import Synchronization

/// Relays an upstream stream to the client through a stream guard per choice, in the inbound
/// API's shape. Text is released as the guard allows; held-back text of a choice is flushed just
/// before that choice's finish chunk. A guard violation or an upstream failure ends the stream
/// with an error event (never `[DONE]`), so SDKs raise instead of reporting a truncated answer as
/// complete. The audit record is durable before the last event is sent.
final class StreamRelay: Sendable {
    /// The started stream, handed over to the response body's task.
    let handoff: Mutex<StartedStream?>
    let route: RouteConfiguration
    let callGuard: CallGuard
    let record: CallRecord
    let clientWantsUsage: Bool
    let service: GatewayService
    let policy: CompiledPolicy
    let holds: GatewayService.Holds
    let switches: SwitchBoard.Switches

    init(
        stream: sending StartedStream, route: RouteConfiguration, callGuard: CallGuard, record: CallRecord, clientWantsUsage: Bool,
        service: GatewayService, policy: CompiledPolicy, holds: GatewayService.Holds, switches: SwitchBoard.Switches
    ) {
        self.holds = holds
        self.switches = switches
        self.handoff = Mutex(stream)
        self.route = route
        self.callGuard = callGuard
        self.record = record
        self.clientWantsUsage = clientWantsUsage
        self.service = service
        self.policy = policy
    }

    func run(writer: inout any ResponseBodyWriter) async throws {
        guard let started = handoff.withLock({ $0.take() }) else { return }
        var state = State(record: record, api: record.api, modelAlias: record.modelRequested)
        do {
            try await relay(started, state: &state, writer: &writer)
        } catch {
            // The client went away (or the writer failed): the tokens streamed so far were spent.
            if !state.settled { await service.settle(&state.record, holds: holds, usage: state.record.usage, consumed: true) }
            throw error
        }
    }

    private func relay(_ started: sending StartedStream, state: inout State, writer: inout any ResponseBodyWriter) async throws {
        var started = started
        var guards: [Int: StreamGuard] = [:]
        var pending = started.first
        var upstreamError: ProviderError?
        var violation: Decision?
        /// A category switched off by an operator appeared.
        var killed: String?

        streaming: while true {
            guard var chunk = pending else { break }
            pending = nil
            if let usage = chunk.usage { state.record.usage = usage }
            var flush: [(Int, String)] = []
            for (position, choice) in chunk.choices.enumerated() {
                var guardian = guards[choice.index] ?? callGuard.streamGuard(mode: route.streamGuard, window: route.streamWindow, overlap: route.streamOverlap)
                var text = ""
                if let delta = choice.content, !delta.isEmpty {
                    let step = guardian.feed(delta)
                    text = step.release
                    if let found = step.violation { violation = found }
                    if killed == nil, let category = Self.switchedOff(guardian, switches) { killed = category }
                }
                if violation == nil, let reason = choice.finishReason {
                    state.record.finishReason = reason
                    let end = guardian.finish()
                    if let found = end.violation { violation = found }
                    if killed == nil, let category = Self.switchedOff(guardian, switches) { killed = category }
                    // Held-back text goes out before the finish chunk.
                    if !end.release.isEmpty { flush.append((choice.index, end.release)) }
                }
                guards[choice.index] = guardian
                if choice.content != nil || !text.isEmpty { chunk.setDeltaContent(choice: position, text) }
                if violation != nil || killed != nil { break }
            }
            if violation != nil || killed != nil { break streaming }
            for (index, text) in flush {
                try await state.emit(ChatChunk.content(text, choice: index, like: chunk), to: &writer)
            }
            let isUsageOnly = chunk.choices.isEmpty && chunk.usage != nil
            if !(isUsageOnly && !clientWantsUsage) {
                try await state.emit(chunk, to: &writer)
            }
            do {
                pending = try await started.stream.next()
            } catch {
                upstreamError = error
                break streaming
            }
        }

        // A stream that ended without finish reasons still releases what its guards hold.
        if violation == nil && killed == nil && upstreamError == nil {
            for (index, guardian) in guards.sorted(by: { $0.key < $1.key }) {
                var guardian = guardian
                let end = guardian.finish()
                if let found = end.violation { violation = found; break }
                if let category = Self.switchedOff(guardian, switches) { killed = category; break }
                if !end.release.isEmpty {
                    try await state.emit(ChatChunk.content(end.release, choice: index, like: nil, model: record.modelRequested), to: &writer)
                }
                guards[index] = guardian
            }
        }
        var verdict = GuardVerdict(direction: .output)
        for guardian in guards.values {
            for (finding, action) in guardian.findings {
                verdict.items.append(.init(finding: finding, action: action, direction: .output, messageIndex: nil, choiceIndex: nil))
            }
            verdict.action = max(verdict.action, guardian.action)
        }
        state.record.output = verdict
        if let target = record.target { service.router.recordStreamOutcome(upstreamError, target: target) }
        await service.settle(&state.record, holds: holds, usage: state.record.usage, consumed: true)
        state.settled = true

        if let killed {
            state.record.outcome = "stream_violation"
            let auditID = try await service.write(state.record, policy: policy, redacted: nil)
            let error = APIError.gateway(.badRequest, type: "guardrail_blocked", "the model's answer was stopped: category \(killed) is switched off by an operator; audit \(auditID)", code: killed)
            try await state.emitError(error, to: &writer)
            return
        }
        if let violation {
            state.record.outcome = "stream_violation"
            let auditID = try await service.write(state.record, policy: policy, redacted: nil)
            let category = zip(violation.findings, violation.findingActions).max { $0.1 < $1.1 }?.0.category.rawValue ?? "guardrail"
            let error = APIError.gateway(.badRequest, type: "guardrail_blocked", "the model's answer was stopped by the guardrail policy (\(category)); audit \(auditID)", code: category)
            try await state.emitError(error, to: &writer)
            return
        }
        if let upstreamError {
            // Output had started, so there is no fallback: whatever broke, the stream was cut.
            state.record.outcome = "stream_cut"
            state.record.errorKind = upstreamError.kind.rawValue
            let auditID = try await service.write(state.record, policy: policy, redacted: nil)
            let error = APIError.gateway(
                .badGateway, type: "upstream_error", "the upstream stream broke off (\(upstreamError.message)); the answer is incomplete; audit \(auditID)",
                code: "stream_cut")
            try await state.emitError(error, to: &writer)
            return
        }
        _ = try await service.write(state.record, policy: policy, redacted: nil)
        try await state.emitEnd(to: &writer)
    }

    /// The category of a finding an operator switched off, if the guard has one.
    static func switchedOff(_ guardian: StreamGuard, _ switches: SwitchBoard.Switches) -> String? {
        guard !switches.categories.isEmpty else { return nil }
        return guardian.findings.first { switches.categories.contains($0.0.category.rawValue) }?.0.category.rawValue
    }

    /// Per-stream output state: the record being filled in and the Anthropic event translator.
    struct State {
        var record: CallRecord
        let api: InboundAPI
        var anthropic: OpenAIToAnthropicStream?
        /// The call's holds were settled.
        var settled = false

        init(record: CallRecord, api: InboundAPI, modelAlias: String) {
            self.record = record
            self.api = api
            self.anthropic = api == .anthropic ? OpenAIToAnthropicStream(model: modelAlias) : nil
        }

        mutating func emit(_ chunk: ChatChunk, to writer: inout any ResponseBodyWriter) async throws {
            switch api {
            case .openai:
                try await writer.write(ByteBuffer(bytes: SSEWriter.data(JSON.object(chunk.json).serialized)))
            case .anthropic:
                guard var translator = anthropic else { return }
                let events = try translator.consume(chunk)
                anthropic = translator
                var bytes: [UInt8] = []
                for event in events { bytes += SSEWriter.event(name: event.name, data: event.data.serialized) }
                if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
            }
        }

        mutating func emitEnd(to writer: inout any ResponseBodyWriter) async throws {
            switch api {
            case .openai:
                try await writer.write(ByteBuffer(bytes: SSEWriter.done))
            case .anthropic:
                guard var translator = anthropic else { return }
                var bytes: [UInt8] = []
                for event in try translator.finish() { bytes += SSEWriter.event(name: event.name, data: event.data.serialized) }
                anthropic = translator
                if !bytes.isEmpty { try await writer.write(ByteBuffer(bytes: bytes)) }
            }
        }

        /// An error event in the API's stream shape; no terminator follows.
        func emitError(_ error: APIError, to writer: inout any ResponseBodyWriter) async throws {
            switch api {
            case .openai:
                try await writer.write(ByteBuffer(bytes: SSEWriter.data(error.body())))
            case .anthropic:
                try await writer.write(ByteBuffer(bytes: SSEWriter.event(name: "error", data: error.body(anthropic: true))))
            }
        }
    }
}
