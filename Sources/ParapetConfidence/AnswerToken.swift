/// Confidence in a short answer from the probability of the token that carries it: the class
/// label of a classification, or the value of a boolean field in JSON output.
public enum AnswerToken {
    /// The probability that the answer is `label`.
    ///
    /// Finds the first generated token that starts the label: after dropping leading whitespace
    /// and quotes (`"`, `'`, `` ` ``), the token is a non-empty prefix of the label, or the label
    /// followed by a character that is not a letter or digit (`"Yes."` for `yes`), compared
    /// case-insensitively. Returns the summed probability of the distinct candidates at that
    /// position (the generated token and its `top` alternatives) that also start the label,
    /// capped at 1. Nil when no token starts the label, or the label has no letters or digits.
    ///
    /// A short token such as `"P"` starts both `positive` and `partial`; with labels that share a
    /// prefix, prompt for labels that differ in their first token.
    public static func probability(of label: String, in tokens: [TokenLogprob]) -> Double? {
        let wanted = Substring(label.lowercased()).drop { isIgnorableLead($0) }
        guard wanted.contains(where: { $0.isLetter || $0.isNumber }) else { return nil }
        for token in tokens where starts(label: wanted, token: token.token) {
            let total = token.candidates.reduce(0.0) { sum, candidate in
                starts(label: wanted, token: candidate.token) ? sum + candidate.probability : sum
            }
            return Probability.clamped(total)
        }
        return nil
    }

    /// Whether `token` begins the (lowercased) label.
    static func starts(label: Substring, token: String) -> Bool {
        let text = Substring(token.lowercased()).drop { isIgnorableLead($0) }
        guard !text.isEmpty else { return false }
        if label.hasPrefix(text) { return true }
        guard text.hasPrefix(label) else { return false }
        let next = text.dropFirst(label.count).first
        return next.map { !($0.isLetter || $0.isNumber) } ?? true
    }

    static func isIgnorableLead(_ character: Character) -> Bool {
        character.isWhitespace || character == "\"" || character == "'" || character == "`"
    }
}
