import ParapetCore
import ParapetGuards

/// Guards a gateway call: the prompt before dispatch (block, or redact so the provider only sees
/// the redacted prompt) and the answer before it is returned. The route's fail mode decides when
/// the guard itself fails (a detector is unavailable) or takes longer than the route allows:
/// `closed` refuses, `open` lets the call through and flags it.
public struct CallGuard: Sendable {
    public let pipeline: GuardPipeline
    public let failMode: FailMode
    public let timeout: Duration

    public init(pipeline: GuardPipeline, failMode: FailMode, timeout: Duration) {
        self.pipeline = pipeline
        self.failMode = failMode
        self.timeout = timeout
    }

    /// Scans every text of the prompt; applies redactions in place.
    public func guardInput(_ request: inout ChatRequest) -> GuardVerdict {
        var verdict = GuardVerdict(direction: .input)
        let clock = ContinuousClock()
        let started = clock.now
        for location in request.texts() {
            let decision = pipeline.evaluate(location.text, direction: .input)
            verdict.add(decision, message: location.messageIndex, choice: nil)
            if decision.action < .review, let redacted = decision.redactedText {
                request.replaceText(location, with: redacted)
                verdict.redactions += 1
            }
        }
        verdict.finish(elapsed: clock.now - started, timeout: timeout, failMode: failMode)
        return verdict
    }

    /// Scans every text of the answer (each choice's content); applies redactions in place.
    public func guardOutput(_ completion: inout ChatCompletion) -> GuardVerdict {
        var verdict = GuardVerdict(direction: .output)
        let clock = ContinuousClock()
        let started = clock.now
        for location in completion.texts() {
            let decision = pipeline.evaluate(location.text, direction: .output)
            verdict.add(decision, message: nil, choice: location.messageIndex)
            if decision.action < .review, let redacted = decision.redactedText {
                completion.replaceText(location, with: redacted)
                verdict.redactions += 1
            }
        }
        verdict.finish(elapsed: clock.now - started, timeout: timeout, failMode: failMode)
        return verdict
    }

    /// A stream guard for one choice of a streamed answer.
    public func streamGuard(mode: StreamGuard.Mode, window: Int, overlap: Int) -> StreamGuard {
        StreamGuard(mode: mode, pipeline: pipeline, window: window, overlap: overlap)
    }
}

/// What a guard pass found and decided.
public struct GuardVerdict: Sendable {
    public struct Item: Sendable {
        public var finding: Finding
        public var action: Action
        public var direction: Direction
        public var messageIndex: Int?
        public var choiceIndex: Int?

        public init(finding: Finding, action: Action, direction: Direction, messageIndex: Int?, choiceIndex: Int?) {
            self.finding = finding
            self.action = action
            self.direction = direction
            self.messageIndex = messageIndex
            self.choiceIndex = choiceIndex
        }
    }

    public var direction: Direction
    public var action: Action = .allow
    public var items: [Item] = []
    public var redactions = 0
    /// The guard failed or was too slow and the route's fail mode is `open`: the call went on.
    public var failedOpen = false
    /// The guard failed or was too slow and the route's fail mode is `closed`: the call is refused.
    public var failedClosed = false
    public var elapsed: Duration = .zero
    public var policyVersion = ""
    public var detectors: [String] = []

    public init(direction: Direction) {
        self.direction = direction
    }

    /// The first finding whose action blocks (or holds for review): the error's `code`.
    public var blockingItem: Item? {
        items.first { $0.action >= .review }
    }

    public var blocked: Bool { action >= .review || failedClosed }

    mutating func add(_ decision: Decision, message: Int?, choice: Int?) {
        policyVersion = decision.policyVersion
        if detectors.isEmpty { detectors = decision.timings.detectors.map(\.detector.description) }
        for (finding, findingAction) in zip(decision.findings, decision.findingActions) {
            items.append(Item(finding: finding, action: findingAction, direction: direction, messageIndex: message, choiceIndex: choice))
        }
        action = max(action, decision.action)
    }

    mutating func finish(elapsed: Duration, timeout: Duration, failMode: FailMode) {
        self.elapsed = elapsed
        let detectorFailed = items.contains { $0.finding.category.rawValue.hasPrefix("detector.") }
        guard detectorFailed || elapsed > timeout else { return }
        switch failMode {
        case .closed: failedClosed = true
        case .open:
            failedOpen = true
            // The route passes the call: a detector failure's own block is lifted to a flag.
            for index in items.indices where items[index].finding.category.rawValue.hasPrefix("detector.") {
                items[index].action = .annotate
            }
            action = items.map(\.action).max() ?? .allow
        }
    }
}
