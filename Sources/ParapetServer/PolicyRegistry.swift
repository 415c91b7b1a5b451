import Foundation
import ParapetCore
import ParapetGuards
import ParapetStore
import Synchronization

/// Tenant + policy name → prebuilt pipeline.
///
/// Every tenant's `default` is the base policy (the built-in one unless the configuration names a
/// policy file) until the tenant uploads its own. Uploads are compiled before they replace
/// anything, and the swap is atomic: requests already running finish on the pipeline they took.
public final class PolicyRegistry: Sendable {
    private struct Key: Hashable {
        var tenant: String
        var name: String
    }

    /// The policy name requests use when they name none.
    public static let defaultName = "default"

    private let base: CompiledPolicy
    private let redactionSalt: [UInt8]
    private let policies = Mutex<[Key: CompiledPolicy]>([:])

    /// A registry whose `default` for every tenant is `basePolicy`.
    /// - Parameter redactionSalt: salt of hash redaction tokens (`[EMAIL:9f2c41d0]`).
    public init(basePolicy: Policy, redactionSalt: [UInt8]) {
        self.redactionSalt = redactionSalt
        self.base = CompiledPolicy(pipeline: .standard(policy: basePolicy, redactionSalt: redactionSalt), source: nil)
    }

    /// Compiles and installs every policy in `store` (at start). Fails, naming each broken
    /// document, when a stored policy no longer validates: a guard service should not start on
    /// weaker rules than its tenants configured.
    public func loadStored(from store: any PolicyStore) async throws {
        var failures: [ConfigError] = []
        for stored in try await store.all() {
            let root = ConfigPath("stored_policy").key(stored.tenant).key(stored.name)
            do {
                let compiled = try compile(yaml: stored.yaml, root: root)
                install(compiled, tenant: stored.tenant, name: stored.name)
            } catch {
                failures += error.errors
            }
        }
        if !failures.isEmpty { throw ConfigErrors(failures) }
    }

    /// The policy `name` of `tenant`, or nil when the tenant has no policy of that name.
    public func policy(tenant: String, name: String) -> CompiledPolicy? {
        let key = Key(tenant: tenant, name: name)
        if let found = policies.withLock({ $0[key] }) { return found }
        return name == Self.defaultName ? base : nil
    }

    /// The base policy every tenant's `default` starts from.
    public var basePolicy: CompiledPolicy { base }

    /// Validates a policy document and builds its pipeline; replaces nothing.
    public func compile(yaml: String, root: ConfigPath = "policy") throws(ConfigErrors) -> CompiledPolicy {
        let policy = try PolicyLoader.load(yaml: yaml, root: root)
        return CompiledPolicy(pipeline: .standard(policy: policy, redactionSalt: redactionSalt), source: yaml)
    }

    /// Makes `compiled` the tenant's policy `name`, atomically.
    public func install(_ compiled: CompiledPolicy, tenant: String, name: String) {
        policies.withLock { $0[Key(tenant: tenant, name: name)] = compiled }
    }
}
