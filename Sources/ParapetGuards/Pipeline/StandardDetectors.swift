import ParapetCore

/// The detectors Parapet ships, by name, and the default pipeline built from them.
public enum StandardDetectors {
    /// Names accepted by `--detector`.
    public static let names = ["pii", "secrets", "injection", "wordlist"]

    /// The built-in detectors, optionally restricted to `only` (names from `names`). The word-list
    /// detector is included when the policy declares topics or word lists.
    public static func make(policy: Policy, only: Set<String>? = nil) -> [any Detector] {
        var detectors: [any Detector] = []
        func want(_ name: String) -> Bool { only?.contains(name) ?? true }
        if want("pii") { detectors.append(PIIDetector()) }
        if want("secrets") { detectors.append(SecretsDetector()) }
        if want("injection") { detectors.append(InjectionDetector()) }
        let words = WordListDetector(topics: policy.topics, wordLists: policy.wordLists)
        if want("wordlist") && !words.isEmpty { detectors.append(words) }
        return detectors
    }
}

extension GuardPipeline {
    /// The default pipeline: every built-in detector under `policy`.
    public static func standard(policy: Policy, redactionSalt: [UInt8], only: Set<String>? = nil) -> GuardPipeline {
        GuardPipeline(policy: policy, detectors: StandardDetectors.make(policy: policy, only: only), redactionSalt: redactionSalt)
    }
}
