import ParapetCore

/// Reads token log probabilities out of provider responses.
public enum Logprobs {
    /// The tokens of an OpenAI chat choice (an element of `choices`): its `logprobs.content[]`,
    /// each with `token`, `logprob` and `top_logprobs` (`[{token, logprob}]`, optional).
    ///
    /// Returns nil when `logprobs` or its `content` is absent or null, or when any entry is
    /// malformed (not an object, a missing or non-string `token`, a missing or non-numeric
    /// `logprob`, a `top_logprobs` that is not an array of such objects): positions matter for
    /// answer-token confidence, so a partly readable list is not used. An empty `content` gives
    /// an empty array. Log probabilities are returned as sent (positive values included); the
    /// consumers in this module clamp them.
    public static func tokens(inChoice choice: JSON) -> [TokenLogprob]? {
        guard let content = choice["logprobs"]?["content"]?.arrayValue else { return nil }
        var tokens: [TokenLogprob] = []
        tokens.reserveCapacity(content.count)
        for entry in content {
            guard let token = entry["token"]?.stringValue, let logprob = entry["logprob"]?.doubleValue else { return nil }
            var top: [TokenLogprob.Alternative] = []
            switch entry["top_logprobs"] {
            case nil, .null?: break
            case .array(let alternatives)?:
                top.reserveCapacity(alternatives.count)
                for alternative in alternatives {
                    guard let text = alternative["token"]?.stringValue, let value = alternative["logprob"]?.doubleValue else {
                        return nil
                    }
                    top.append(.init(token: text, logprob: value))
                }
            default: return nil
            }
            tokens.append(TokenLogprob(token: token, logprob: logprob, top: top))
        }
        return tokens
    }
}
