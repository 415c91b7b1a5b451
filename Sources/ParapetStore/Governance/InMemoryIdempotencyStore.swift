import Foundation

/// `Idempotency-Key` bookkeeping in memory: for tests and throwaway servers.
///
/// `complete` and `abandon` act only on a key that is claimed and not completed; on any other key
/// they do nothing.
public actor InMemoryIdempotencyStore: IdempotencyStore {
    private struct Key: Hashable {
        var tenant: String
        var key: String
    }

    private struct Entry {
        var requestHash: String
        var response: StoredResponse?
        var expiresAt: Date
    }

    private var entries: [Key: Entry] = [:]

    public init() {}

    public func claim(tenant: String, key: String, requestHash: String, now: Date, expiresAt: Date) -> IdempotencyClaim {
        let slot = Key(tenant: tenant, key: key)
        if let entry = entries[slot], entry.expiresAt >= now {
            guard entry.requestHash.utf8.elementsEqual(requestHash.utf8) else { return .mismatch }
            return entry.response.map(IdempotencyClaim.completed) ?? .inFlight
        }
        entries[slot] = Entry(requestHash: requestHash, response: nil, expiresAt: expiresAt)
        return .claimed
    }

    public func complete(tenant: String, key: String, response: StoredResponse) {
        let slot = Key(tenant: tenant, key: key)
        guard var entry = entries[slot], entry.response == nil else { return }
        entry.response = response
        entries[slot] = entry
    }

    public func abandon(tenant: String, key: String) {
        let slot = Key(tenant: tenant, key: key)
        guard let entry = entries[slot], entry.response == nil else { return }
        entries[slot] = nil
    }

    public func purge(expiredBefore: Date) -> Int {
        let before = entries.count
        entries = entries.filter { $0.value.expiresAt >= expiredBefore }
        return before - entries.count
    }
}
