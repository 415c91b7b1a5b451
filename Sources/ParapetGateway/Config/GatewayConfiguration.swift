import ParapetCore
import ParapetReview

/// The `gateway:` section of `parapet.yaml`: upstream providers and the routes that clients name
/// as their `model`.
///
/// ```yaml
/// gateway:
///   providers:
///     openai:
///       kind: openai                      # openai | anthropic | mock
///       base_url: https://api.openai.com/v1
///       api_key_env: OPENAI_API_KEY       # the key is read from this variable, never from the file
///       connect_timeout_ms: 2000
///       first_token_timeout_ms: 30000
///       total_timeout_ms: 120000
///   routes:
///     chat:                               # clients send "model": "chat"
///       targets:
///         - { provider: openai, model: gpt-4o-mini, weight: 3, context_window: 128000 }
///         - { provider: openai, model: gpt-4o, input_price: 2.5, output_price: 10 }   # USD per 1M tokens
///       deadline_ms: 60000                # bounds all attempts together
///       max_attempts: 6
///       stream_guard: buffered            # buffered | optimistic
///       stream_window: 256
///       stream_overlap: 64
///       fail_mode: closed                 # closed | open, when a guard fails or times out
///       guard_timeout_ms: 50
/// ```
public struct GatewayConfiguration: Sendable, Hashable {
    public var providers: [String: ProviderConfiguration] = [:]
    public var routes: [String: RouteConfiguration] = [:]
    /// Route names in the order of the file (for `GET /v1/models`).
    public var routeOrder: [String] = []
    /// The settings of every target's circuit breaker.
    public var circuitBreaker = CircuitBreaker.Configuration()
    /// Prices by upstream model name (a target's own prices win).
    public var prices: [String: ModelPrice] = [:]
    /// Token and cost budgets, checked in this order.
    public var budgets: [BudgetRule] = []
    /// Requests and tokens per minute of every API key.
    public var keyRateLimit = RateLimit()
    /// The loop breaker (per `x-parapet-session`).
    public var sessions = SessionLimits()
    public var idempotency = IdempotencySettings()

    public init() {}

    public var isEmpty: Bool { routes.isEmpty }

    /// The price of a target: its own `input_price`/`output_price`, else `prices[model]`.
    public func price(of target: RouteConfiguration.Target) -> ModelPrice? {
        if let input = target.inputPricePerMillion, let output = target.outputPricePerMillion {
            return ModelPrice(usdPerMillionInput: input, output: output, cachedInput: target.cachedInputPricePerMillion)
        }
        return prices[target.model]
    }
}

/// One upstream.
public struct ProviderConfiguration: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Any OpenAI-compatible API: OpenAI, Azure-style, vLLM, Ollama, llama.cpp.
        case openai
        /// Anthropic's Messages API.
        case anthropic
        /// The scripted mock provider, started inside the server (for trials without a network).
        case mock
    }

    public var name: String
    public var kind: Kind
    /// Including the version path, e.g. `https://api.openai.com/v1`; empty for `mock`.
    public var baseURL: String
    public var apiKeyEnv: String?
    public var connectTimeout: Duration = .seconds(2)
    public var firstTokenTimeout: Duration = .seconds(30)
    public var totalTimeout: Duration = .seconds(120)
    /// Extra headers sent upstream (e.g. `api-version` for Azure-style endpoints).
    public var headers: [String: String] = [:]

    public init(name: String, kind: Kind, baseURL: String) {
        self.name = name
        self.kind = kind
        self.baseURL = baseURL
    }
}

/// A model alias and how its calls are served.
public struct RouteConfiguration: Sendable, Hashable {
    public struct Target: Sendable, Hashable {
        public var provider: String
        public var model: String
        public var weight: Int = 1
        public var contextWindow: Int?
        /// USD per million tokens, for the cost in audit records (optional).
        public var inputPricePerMillion: Double?
        public var outputPricePerMillion: Double?
        public var cachedInputPricePerMillion: Double?

        /// `provider/model`: the target's id in breaker state, headers and audit records.
        public var id: String { provider + "/" + model }

        public init(provider: String, model: String, weight: Int = 1, contextWindow: Int? = nil) {
            self.provider = provider
            self.model = model
            self.weight = weight
            self.contextWindow = contextWindow
        }
    }

    public var name: String
    public var targets: [Target]
    public var deadline: Duration = .seconds(60)
    public var maxAttempts = 6
    public var streamGuard: StreamGuard.Mode = .buffered
    public var streamWindow = 256
    public var streamOverlap = 64
    public var failMode: FailMode = .closed
    public var guardTimeout: Duration = .milliseconds(50)
    /// The guard policy (by name) of the caller's tenant; `default` when not set.
    public var policy = "default"
    /// What to do after each class of error (retries, fallback, give up).
    public var retry = RetryPolicy.standard
    /// Output tokens reserved against budgets when a request sets no `max_tokens`.
    public var maxOutputTokens = 4_096
    /// Requests and tokens per minute of the route (all keys together).
    public var rateLimit = RateLimit()
    /// Exact response cache; nil: off.
    public var cache: CacheSettings?
    /// Semantic cache; nil: off.
    public var semanticCache: SemanticCacheSettings?
    /// The degradation chain; nil: a failed call fails.
    public var degrade: DegradationSettings?
    /// Schema validation and repair of JSON answers (on by default).
    public var validation = ValidationSettings()
    /// The confidence gate; nil: every answer is delivered.
    public var confidence: ConfidenceSettings?
    /// The grounding check; nil: off.
    public var grounding: GroundingSettings?
    /// Human review (escalation triggers, risk matrix, policies, handoff); nil: only the quality
    /// gates' review tier escalates, to one reviewer, held before delivery.
    public var review: ReviewSettings?

    public init(name: String, targets: [Target]) {
        self.name = name
        self.targets = targets
    }
}
