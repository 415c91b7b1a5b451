import ParapetStore

/// What a model's tokens cost, in nano-USD (10⁻⁹ USD) per token: a price of 1 USD per million
/// tokens is 1,000 nano-USD per token, so prices with up to three decimals (0.075 USD/M) are exact
/// and costs add up without rounding.
public struct ModelPrice: Sendable, Hashable {
    public var input: Int64
    public var output: Int64
    public var cachedInput: Int64
    /// Reasoning tokens are part of the output tokens; they cost this instead of `output`.
    public var reasoning: Int64

    /// From USD per million tokens; a missing cached-input or reasoning price is the input or
    /// output price.
    public init(usdPerMillionInput input: Double, output: Double, cachedInput: Double? = nil, reasoning: Double? = nil) {
        self.input = Self.nanos(input)
        self.output = Self.nanos(output)
        self.cachedInput = Self.nanos(cachedInput ?? input)
        self.reasoning = Self.nanos(reasoning ?? output)
    }

    static func nanos(_ usdPerMillion: Double) -> Int64 {
        Int64(exactly: (usdPerMillion * 1_000).rounded()) ?? 0
    }

    /// The cost of real usage.
    public func cost(of usage: Usage) -> Int64 {
        let cached = Int64(min(max(0, usage.cached), max(0, usage.input)))
        let uncached = Int64(max(0, usage.input)) - cached
        let reasoningTokens = Int64(min(max(0, usage.reasoning), max(0, usage.output)))
        let plainOutput = Int64(max(0, usage.output)) - reasoningTokens
        return Self.sum([uncached &* input, cached &* cachedInput, plainOutput &* output, reasoningTokens &* reasoning])
    }

    /// The most a call can cost: every prompt token at the higher input price, every output
    /// token at the higher output price.
    public func worstCase(promptTokens: Int64, outputTokens: Int64) -> Int64 {
        Self.sum([promptTokens &* max(input, cachedInput), outputTokens &* max(output, reasoning)])
    }

    static func sum(_ values: [Int64]) -> Int64 {
        values.reduce(Int64(0)) { total, value in
            let (result, overflow) = total.addingReportingOverflow(value)
            return overflow ? .max : result
        }
    }
}

extension Usage {
    /// Tokens as a budget counts them: input plus output.
    public var budgetTokens: Int64 { Int64(max(0, input)) + Int64(max(0, output)) }

    /// The amount to settle a reservation with.
    public func budgetAmount(price: ModelPrice?) -> BudgetAmount {
        BudgetAmount(tokens: budgetTokens, costNanos: price?.cost(of: self) ?? 0)
    }
}
