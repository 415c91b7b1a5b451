/// The pipeline's verdict on one text: the combined action, what was found, the text with
/// redactions applied, and how long it took.
public struct Decision: Sendable, Hashable, Codable {
    /// The most severe action over all reported findings (`allow` when there are none).
    public var action: Action
    /// Findings at or above their category's threshold and not allowed by the policy, ordered by
    /// position.
    public var findings: [Finding]
    /// The action the policy chose for each finding, parallel to `findings`.
    public var findingActions: [Action]
    /// The text with every `redact` finding replaced; `nil` when nothing was redacted.
    public var redactedText: String?
    public var direction: Direction
    /// The version string of the policy that decided.
    public var policyVersion: String
    public var timings: Timings

    public init(
        action: Action, findings: [Finding], findingActions: [Action], redactedText: String?,
        direction: Direction, policyVersion: String, timings: Timings
    ) {
        self.action = action
        self.findings = findings
        self.findingActions = findingActions
        self.redactedText = redactedText
        self.direction = direction
        self.policyVersion = policyVersion
        self.timings = timings
    }

    /// Wall-clock time spent per stage, in nanoseconds.
    public struct Timings: Sendable, Hashable, Codable {
        public var totalNanoseconds: UInt64
        public var normalizeNanoseconds: UInt64
        /// Per detector that ran, in the order they ran.
        public var detectors: [DetectorTiming]

        public init(totalNanoseconds: UInt64, normalizeNanoseconds: UInt64, detectors: [DetectorTiming]) {
            self.totalNanoseconds = totalNanoseconds
            self.normalizeNanoseconds = normalizeNanoseconds
            self.detectors = detectors
        }

        enum CodingKeys: String, CodingKey {
            case totalNanoseconds = "total_ns"
            case normalizeNanoseconds = "normalize_ns"
            case detectors
        }
    }

    /// How long one detector took.
    public struct DetectorTiming: Sendable, Hashable, Codable {
        public var detector: DetectorID
        public var nanoseconds: UInt64

        public init(detector: DetectorID, nanoseconds: UInt64) {
            self.detector = detector
            self.nanoseconds = nanoseconds
        }

        enum CodingKeys: String, CodingKey {
            case detector
            case nanoseconds = "ns"
        }
    }

    enum CodingKeys: String, CodingKey {
        case action, findings
        case findingActions = "finding_actions"
        case redactedText = "redacted_text"
        case direction
        case policyVersion = "policy_version"
        case timings
    }
}
