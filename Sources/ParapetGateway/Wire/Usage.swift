import ParapetCore

/// Token counts of one call, in the terms both APIs share.
public struct Usage: Sendable, Equatable {
    /// Prompt tokens, including cached ones (OpenAI `prompt_tokens`).
    public var input: Int
    /// Generated tokens, including reasoning ones (OpenAI `completion_tokens`).
    public var output: Int
    /// Prompt tokens served from the provider's cache.
    public var cached: Int
    /// Generated tokens spent on hidden reasoning.
    public var reasoning: Int

    public init(input: Int = 0, output: Int = 0, cached: Int = 0, reasoning: Int = 0) {
        self.input = input
        self.output = output
        self.cached = cached
        self.reasoning = reasoning
    }

    /// `input + output`, saturating.
    public var total: Int { Self.add(input, output) }

    /// Addition that saturates, so hostile counts cannot trap.
    static func add(_ a: Int, _ b: Int) -> Int {
        let (sum, overflow) = a.addingReportingOverflow(b)
        return overflow ? .max : sum
    }

    /// Both calls' counts together, saturating (a re-ask adds to the first answer's usage).
    public func adding(_ other: Usage) -> Usage {
        Usage(input: Self.add(input, other.input), output: Self.add(output, other.output), cached: Self.add(cached, other.cached),
              reasoning: Self.add(reasoning, other.reasoning))
    }

    /// Reads an OpenAI `usage` object.
    public init(openAI object: JSONObject, at path: String = "usage") throws(WireError) {
        input = try object.int("prompt_tokens", at: path, minimum: 0) ?? 0
        output = try object.int("completion_tokens", at: path, minimum: 0) ?? 0
        let promptDetails = try object.object("prompt_tokens_details", at: path)
        cached = try promptDetails?.int("cached_tokens", at: JSONObject.path(path, "prompt_tokens_details"), minimum: 0) ?? 0
        let completionDetails = try object.object("completion_tokens_details", at: path)
        reasoning = try completionDetails?.int("reasoning_tokens", at: JSONObject.path(path, "completion_tokens_details"), minimum: 0) ?? 0
    }

    /// The OpenAI `usage` object.
    public var openAIJSON: JSON {
        .object([
            "prompt_tokens": .number(input),
            "completion_tokens": .number(output),
            "total_tokens": .number(total),
            "prompt_tokens_details": .object(["cached_tokens": .number(cached)]),
            "completion_tokens_details": .object(["reasoning_tokens": .number(reasoning)]),
        ])
    }

    /// Reads an Anthropic `usage` object, whose `input_tokens` exclude cache reads and writes.
    public init(anthropic object: JSONObject, at path: String = "usage") throws(WireError) {
        let uncached = try object.int("input_tokens", at: path, minimum: 0) ?? 0
        let cacheRead = try object.int("cache_read_input_tokens", at: path, minimum: 0) ?? 0
        let cacheWrite = try object.int("cache_creation_input_tokens", at: path, minimum: 0) ?? 0
        input = Self.add(Self.add(uncached, cacheRead), cacheWrite)
        output = try object.int("output_tokens", at: path, minimum: 0) ?? 0
        cached = cacheRead
        reasoning = 0
    }

    /// The Anthropic `usage` object (`input_tokens` without the cached part).
    public var anthropicJSON: JSON {
        .object([
            "input_tokens": .number(max(0, input - cached)),
            "output_tokens": .number(output),
            "cache_read_input_tokens": .number(cached),
        ])
    }
}
