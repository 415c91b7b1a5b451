import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import HummingbirdTesting
import Logging
import ParapetAudit
import ParapetCore
import ParapetGateway
import ParapetGuards
import ParapetServer
import ParapetStore

/// An in-process guard service on in-memory stores with a real `AuditWriter`, and keys for two
/// tenants.
struct TestServer {
    static let salt: [UInt8] = Array("test-salt".utf8)

    let stores: ParapetStores
    let registry: PolicyRegistry
    let server: ParapetServerApp
    let app: Application<RouterResponder<ParapetRequestContext>>
    /// Secrets by name: adminA, clientA, reviewerA, reviewerA2, adminB, clientB.
    let secrets: [String: String]
    let keys: [String: APIKey]

    init(
        configuration: ServerConfiguration = ServerConfiguration(),
        stores: ParapetStores = .inMemory(),
        audit: (any AuditRecording)? = nil,
        verifier: @escaping AuditVerifying = { AuditVerification() },
        gateway: GatewayRouter? = nil,
        tools: ToolPolicy? = nil,
        notifier: (any ReviewEventSink)? = nil
    ) async throws {
        var secrets: [String: String] = [:]
        var keys: [String: APIKey] = [:]
        for (name, tenant, role) in [
            ("adminA", "tenant-a", Role.admin), ("clientA", "tenant-a", .client), ("reviewerA", "tenant-a", .reviewer),
            ("reviewerA2", "tenant-a", .reviewer), ("adminB", "tenant-b", .admin), ("clientB", "tenant-b", .client),
        ] {
            let minted = KeyMinter.mint(tenant: tenant, role: role, name: name)
            try await stores.keys.insert(minted.key)
            secrets[name] = minted.secret
            keys[name] = minted.key
        }
        self.secrets = secrets
        self.keys = keys
        registry = PolicyRegistry(basePolicy: try PolicyLoader.builtin(), redactionSalt: Self.salt)
        try await registry.loadStored(from: stores.policies)
        let writer = AuditWriter(log: stores.audit, sealer: AuditChain(signingKey: Array(repeating: 7, count: 32), checkpointInterval: 10))
        var logger = Logger(label: "parapet.test")
        logger.logLevel = .critical
        var server = ParapetServerApp(
            configuration: configuration, stores: stores, audit: audit ?? writer, verifier: verifier, policies: registry,
            textHashSalt: Self.salt, logger: logger,
            gateway: gateway ?? GatewayRouter(configuration: GatewayConfiguration(), providers: [:], breakers: BreakerBoard()), notifier: notifier)
        server.tools = tools
        self.server = server
        self.stores = server.stores
        var app = server.makeApplication()
        app.addServices(writer)
        self.app = app
    }

    func auth(_ name: String) -> HTTPFields {
        var fields = HTTPFields()
        fields[.authorization] = "Bearer \(secrets[name] ?? "none")"
        return fields
    }

    func auth(_ name: String, contentType: String) -> HTTPFields {
        var fields = auth(name)
        fields[.contentType] = contentType
        return fields
    }

    func auditCount() async throws -> Int {
        try await stores.audit.scan(after: 0, limit: 100_000).count
    }
}

/// Request and response helpers.
func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

func object(_ response: TestResponse) throws -> [String: Any] {
    let data = Data(response.body.readableBytesView)
    guard let object = try JSONSerialization.jsonObject(with: data) as? [String: Any] else {
        throw TestFailure("response is not a JSON object: \(String(decoding: data, as: UTF8.self))")
    }
    return object
}

func text(_ response: TestResponse) -> String { String(decoding: response.body.readableBytesView, as: UTF8.self) }

/// The `error` object of an error response.
func errorObject(_ response: TestResponse) throws -> [String: Any] {
    guard let error = try object(response)["error"] as? [String: Any] else { throw TestFailure("no error object: \(text(response))") }
    return error
}

struct TestFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}

func textHash(_ text: String) -> String {
    var hasher = SHA256()
    hasher.update(data: TestServer.salt)
    hasher.update(data: Array(text.utf8))
    return hasher.finalize().map { String($0, radix: 16).count == 1 ? "0" + String($0, radix: 16) : String($0, radix: 16) }.joined()
}

extension HTTPField.Name {
    static let requestID = HTTPField.Name("x-request-id") ?? .via
}
