import Hummingbird
import ParapetGateway
import Logging
import ParapetAudit
import ParapetGuards
import ParapetStore

/// The guard service's HTTP application: guard API, audit API, admin API, health and the OpenAPI
/// document, on Hummingbird.
///
/// ```swift
/// let registry = PolicyRegistry(basePolicy: try PolicyLoader.builtin(), redactionSalt: salt)
/// try await registry.loadStored(from: stores.policies)
/// let writer = AuditWriter(log: stores.audit, sealer: AuditChain(signingKey: key))
/// let server = ParapetServerApp(
///     configuration: config, stores: stores, audit: writer, verifier: { … }, policies: registry,
///     textHashSalt: salt, logger: logger)
/// var app = server.makeApplication()
/// app.addServices(writer)   // before the server in the group: it flushes after the server drains
/// try await app.runService()
/// ```
public struct ParapetServerApp: Sendable {
    /// Limits and listening address.
    public let configuration: ServerConfiguration
    /// Keys, audit log and policies.
    public let stores: ParapetStores
    /// Where decisions are audited; `record` must return only once the record is durable.
    public let audit: any AuditRecording
    /// Verifies the audit chain for `GET /v1/audit/verify`.
    public let verifier: AuditVerifying
    /// Compiled policies per tenant.
    public let policies: PolicyRegistry
    /// Salt of the audit records' `text_hash` (hex SHA-256 of salt ‖ raw text).
    public let textHashSalt: [UInt8]
    /// Logs errors (storage failures, bugs); nothing per request at info level.
    public let logger: Logger
    /// Providers, routes and circuit breakers of the gateway (no routes: every model is unknown).
    public let gateway: GatewayRouter
    /// Budgets, rate limits, caches, idempotency and kill switches (on `stores`).
    public let governance: Governance
    /// The `tools:` section for `POST /v1/guard/tool` and the gateway's tool calls (nil: none,
    /// every tool call is denied). Set it before `makeRouter`; policy reloads do not change it.
    public var tools: ToolPolicy?

    /// Collects the dependencies; builds nothing yet. With a `notifier`, `stores.reviews` is
    /// wrapped in a `NotifyingReviewQueue` (so `self.stores` holds the wrapped queue: give it to
    /// other services that change review items); run the notifier itself with `addServices`.
    public init(
        configuration: ServerConfiguration, stores: ParapetStores, audit: any AuditRecording, verifier: @escaping AuditVerifying,
        policies: PolicyRegistry, textHashSalt: [UInt8], logger: Logger,
        gateway: GatewayRouter = GatewayRouter(configuration: GatewayConfiguration(), providers: [:], breakers: BreakerBoard()),
        governance: Governance? = nil, notifier: (any ReviewEventSink)? = nil
    ) {
        var stores = stores
        if let notifier { stores.reviews = NotifyingReviewQueue(wrapping: stores.reviews, sink: notifier) }
        self.gateway = gateway
        self.governance = governance ?? Governance(stores: stores)
        self.configuration = configuration
        self.stores = stores
        self.audit = audit
        self.verifier = verifier
        self.policies = policies
        self.textHashSalt = textHashSalt
        self.logger = logger
    }

    /// The router with every route (for in-process tests and the OpenAPI route check).
    public func makeRouter() -> Router<ParapetRequestContext> {
        let router = Router(context: ParapetRequestContext.self)
        router.add(middleware: EdgeMiddleware(maxBodyBytes: configuration.maxBodyBytes, logger: logger))
        let authenticator = KeyAuthenticator(store: stores.keys, ttl: configuration.keyCacheTTL)
        let body = JSONBody(maxBytes: configuration.maxBodyBytes)
        let anyRole = AuthMiddleware(authenticator: authenticator, minimumRole: .client)
        let adminOnly = AuthMiddleware(authenticator: authenticator, minimumRole: .admin)

        HealthRoutes(stores: stores).register(on: router)
        let service = GuardService(registry: policies, audit: audit, textHashSalt: textHashSalt, configuration: configuration)
        GuardRoutes(service: service, body: body, configuration: configuration)
            .register(on: router.group("v1/guard").add(middleware: anyRole))
        AuditRoutes(log: stores.audit, verify: verifier)
            .register(on: router.group("v1/audit").add(middleware: adminOnly))
        let admin = router.group("v1/admin").add(middleware: adminOnly)
        AdminKeyRoutes(store: stores.keys, authenticator: authenticator, body: body).register(on: admin)
        AdminPolicyRoutes(store: stores.policies, registry: policies, body: body).register(on: admin)
        let toolStage = ToolStage(policy: tools)
        ToolGuardRoutes(stage: toolStage, switches: governance.switches, audit: audit, body: body, textHashSalt: textHashSalt, logger: logger)
            .register(on: router.group("v1/guard").add(middleware: anyRole))
        let gatewayService = GatewayService(router: gateway, registry: policies, audit: audit, governance: governance, reviews: stores.reviews, schemas: SchemaCache(), tools: toolStage, textHashSalt: textHashSalt, logger: logger)
        let idempotency = IdempotencyCoordinator(store: governance.idempotency, settings: gateway.configuration.idempotency, inFlight: InFlightRegistry(), logger: logger)
        GatewayRoutes(service: gatewayService, body: body, idempotency: idempotency)
            .register(client: router.group("v1").add(middleware: anyRole), admin: admin)
        SwitchRoutes(governance: governance, audit: audit, body: body, logger: logger).register(on: admin)
        let reviewers = AuthMiddleware(authenticator: authenticator, minimumRole: .reviewer)
        var reviewRoutes = ReviewRoutes(queue: stores.reviews, audit: audit, body: body, logger: logger)
        reviewRoutes.routeLeases = gateway.configuration.routes.compactMapValues { $0.review?.lease }
        reviewRoutes.register(client: router.group("v1").add(middleware: anyRole), reviewer: router.group("v1").add(middleware: reviewers))
        ReviewStatsRoutes(source: ReviewStatsSource(queue: stores.reviews, audit: stores.audit), logger: logger)
            .register(on: router.group("v1").add(middleware: reviewers))
        ConsoleRoutes(
            desk: reviewRoutes.desk, authenticator: authenticator, keys: stores.keys, sessions: ConsoleSessions(),
            stats: ReviewStatsSource(queue: stores.reviews, audit: stores.audit), maxBodyBytes: configuration.maxBodyBytes, logger: logger
        ).register(on: router)
        return router
    }

    /// The application listening on `configuration.host`:`configuration.port`. Add the audit
    /// writer (and other services) with `addServices` before running it.
    public func makeApplication() -> Application<RouterResponder<ParapetRequestContext>> {
        Application(
            router: makeRouter(),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "parapet"),
            logger: logger)
    }
}
