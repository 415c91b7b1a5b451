import Foundation

/// The response cache in memory: for tests and throwaway servers. Unbounded: purge it.
public actor InMemoryResponseCache: ResponseCache {
    private struct Key: Hashable {
        var tenant: String
        var key: String
    }

    private var entries: [Key: CachedResponse] = [:]

    public init() {}

    public func entry(tenant: String, key: String) -> CachedResponse? {
        entries[Key(tenant: tenant, key: key)]
    }

    public func put(_ entry: CachedResponse) {
        entries[Key(tenant: entry.tenant, key: entry.key)] = entry
    }

    public func purge(expiredBefore: Date) -> Int {
        remove { $0.expiresAt < expiredBefore }
    }

    public func removeAll(tenant: String, route: String?) -> Int {
        remove { $0.tenant == tenant && (route == nil || $0.route == route) }
    }

    private func remove(where matches: (CachedResponse) -> Bool) -> Int {
        let before = entries.count
        entries = entries.filter { !matches($0.value) }
        return before - entries.count
    }
}
