import ArgumentParser
import Foundation
import Hummingbird
import Logging
import ParapetAudit
import ParapetCore
import ParapetGuards
import ParapetServer
import ParapetSQLite
import ParapetStore

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Run the guard service: guard API, audit API, admin API (embedded SQLite by default).",
        discussion: """
            On first start with no keys it creates an admin key for tenant "default" and prints it \
            once; PARAPET_ADMIN_KEY sets that key instead. SIGTERM or SIGINT drain in-flight requests \
            and flush the audit log before exit.
            """
    )

    @OptionGroup var runtime: RuntimeOptions

    @Option(name: .long, help: "Address to listen on (default 127.0.0.1, or server.host in the config).")
    var host: String?

    @Option(name: .long, help: "Port to listen on (default 8080, or server.port in the config).")
    var port: Int?

    func validate() throws {
        if let port, !(0...65_535).contains(port) { throw ValidationError("--port must be 0…65535") }
    }

    func run() async throws {
        var configuration = try runtime.loadConfiguration()
        if let host { configuration.server.host = host }
        if let port { configuration.server.port = port }
        var logger = Logger(label: "parapet", factory: ParapetLogHandler.init(label:))
        logger.logLevel = .info
        let notifier: WebhookNotifier?
        do {
            notifier = try WebhookNotifier.make(
                webhooks: configuration.webhooks, consoleURL: configuration.consoleURL, environment: ProcessInfo.processInfo.environment, logger: logger)
        } catch {
            throw UsageError("invalid config:\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
        }

        let directory = DataDirectory(path: configuration.dataDirectory)
        do { try directory.create() } catch { throw UsageError("\(error)") }
        let (stores, database) = try StoreFactory.openDatabase(configuration, directory: directory)
        let checkpointer: SQLiteWALCheckpointer?
        do { checkpointer = try SQLiteWALCheckpointer(database: database) } catch { throw UsageError("\(error)") }
        let chain = try RuntimeOptions.chain(configuration, directory: directory)
        let salt = try directory.secret(at: directory.saltPath)
        let basePolicy = try loadBasePolicy(configuration)

        try await KeyBootstrap.ensureAdminKey(in: stores.keys, environment: ProcessInfo.processInfo.environment, logger: logger)

        let registry = PolicyRegistry(basePolicy: basePolicy, redactionSalt: salt)
        try await registry.loadStored(from: stores.policies)
        let writer = AuditWriter(log: stores.audit, sealer: chain, logger: logger)
        let verifier = AuditVerifier(chain: chain)
        let audit = stores.audit
        let (gateway, mocks) = try await GatewayBootstrap.start(configuration.gateway, environment: ProcessInfo.processInfo.environment, logger: logger)
        var server = ParapetServerApp(
            configuration: configuration.server, stores: stores, audit: writer,
            verifier: { try await verifier.verify(audit) },
            policies: registry, textHashSalt: salt, logger: logger, gateway: gateway, notifier: notifier)
        server.tools = configuration.tools
        server.governance.switches.load(try await stores.switches.all())
        var app = server.makeApplication()
        // The webhook notifier first, so it is stopped last: after the server and the maintenance
        // (which expires review items) have stopped producing events, it drains its backlog.
        if let notifier { app.addServices(notifier) }
        // Before the audit writer, so stopped after it has flushed.
        if let checkpointer { app.addServices(WALCheckpointService(checkpointer: checkpointer, logger: logger)) }
        // Started before the HTTP server, so stopped after it: the server drains in-flight
        // requests, then the writer flushes their records.
        app.addServices(
            writer, RetentionService(log: stores.audit, retention: AuditRetention(days: configuration.audit.retentionDays), logger: logger),
            GovernanceMaintenance(stores: server.stores, logger: logger))
        logger.info("parapet listening on http://\(configuration.server.host):\(configuration.server.port), data in \(directory.path)")
        do {
            try await app.runService()
        } catch {
            await GatewayBootstrap.stop(gateway, mocks: mocks)
            throw error
        }
        // After the service group: every in-flight call has finished.
        await GatewayBootstrap.stop(gateway, mocks: mocks)
    }

    private func loadBasePolicy(_ configuration: ParapetConfiguration) throws -> Policy {
        try PolicyOptions.loadPolicy(path: configuration.policyPath)
    }
}

/// Creates the first admin key, or the one `PARAPET_ADMIN_KEY` names.
enum KeyBootstrap {
    static let tenant = "default"

    static func ensureAdminKey(in keys: any KeyStore, environment: [String: String], logger: Logger) async throws {
        if let secret = environment["PARAPET_ADMIN_KEY"] {
            guard secret.utf8.count >= 16 else { throw UsageError("PARAPET_ADMIN_KEY must be at least 16 characters") }
            if try await keys.key(hash: KeyMinter.hash(secret: secret)) == nil {
                try await keys.insert(KeyMinter.key(forSecret: secret, tenant: tenant, role: .admin, name: "admin (PARAPET_ADMIN_KEY)"))
                logger.info("created the admin key given by PARAPET_ADMIN_KEY for tenant \"\(tenant)\"")
            }
            return
        }
        guard try await keys.count() == 0 else { return }
        let minted = KeyMinter.mint(tenant: tenant, role: .admin, name: "admin (first start)")
        try await keys.insert(minted.key)
        // Printed once, to standard output, never logged; only its SHA-256 is stored.
        let message = """
            Created the first admin key for tenant "\(tenant)" (id \(minted.key.id)). It is shown only now:

                \(minted.secret)


            """
        // Written unbuffered: print() is block-buffered when output is redirected, and the key
        // would be lost if the process were killed before exit.
        FileHandle.standardOutput.write(Data(message.utf8))
    }
}
