import Foundation

/// Keys in memory: for tests and throwaway servers.
public actor InMemoryKeyStore: KeyStore {
    private var byID: [String: APIKey] = [:]

    public init() {}

    public func insert(_ key: APIKey) throws {
        guard byID[key.id] == nil, !byID.values.contains(where: { $0.hash == key.hash }) else {
            throw StoreError(.conflict, "a key with this id or secret exists")
        }
        byID[key.id] = key
    }

    public func key(hash: [UInt8]) -> APIKey? { byID.values.first { $0.hash == hash } }
    public func key(id: String) -> APIKey? { byID[id] }
    /// Oldest first: by creation time, then id (the order every store can produce).
    public func keys(tenant: String) -> [APIKey] {
        byID.values.filter { $0.tenant == tenant }.sorted { ($0.createdAt, $0.id) < ($1.createdAt, $1.id) }
    }

    public func revoke(id: String, tenant: String, at: Date) -> APIKey? {
        guard var key = byID[id], key.tenant == tenant else { return nil }
        if key.revokedAt == nil { key.revokedAt = at }
        byID[id] = key
        return key
    }

    public func count() -> Int { byID.count }
}

/// Policies in memory.
public actor InMemoryPolicyStore: PolicyStore {
    private struct Key: Hashable {
        var tenant: String
        var name: String
    }

    private var policies: [Key: StoredPolicy] = [:]

    public init() {}

    public func put(_ policy: StoredPolicy) { policies[Key(tenant: policy.tenant, name: policy.name)] = policy }
    public func policy(tenant: String, name: String) -> StoredPolicy? { policies[Key(tenant: tenant, name: name)] }
    public func all() -> [StoredPolicy] { policies.values.sorted { ($0.tenant, $0.name) < ($1.tenant, $1.name) } }
}
