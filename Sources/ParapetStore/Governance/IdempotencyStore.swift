import Foundation

/// A response kept for replay under an `Idempotency-Key`.
public struct StoredResponse: Sendable, Hashable {
    public var status: Int
    /// Response headers worth replaying (content type, `x-parapet-*`), in order.
    public var headers: [StoredHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [StoredHeader], body: [UInt8]) {
        self.status = status
        self.headers = headers
        self.body = body
    }
}

public struct StoredHeader: Sendable, Hashable {
    public var name: String
    public var value: String

    public init(name: String, value: String) {
        self.name = name
        self.value = value
    }
}

/// What `claim` found.
public enum IdempotencyClaim: Sendable, Hashable {
    /// The key was free (or expired): the caller runs the request and must `complete` or `abandon`.
    case claimed
    /// The same request is running (claimed and not yet completed).
    case inFlight
    /// The same request finished: replay this.
    case completed(StoredResponse)
    /// The key was used with a different request body.
    case mismatch
}

/// `Idempotency-Key` bookkeeping, tenant-scoped.
///
/// Implementers' duties (checked by `StoreConformance`):
/// - `claim` is atomic: of any number of concurrent claims of one (tenant, key) exactly one gets
///   `.claimed`; the others get `.inFlight` (same `requestHash`) or `.mismatch` (different).
/// - A claim or result whose `expiresAt` is before `now` counts as absent: the key can be claimed again.
/// - `complete` stores the response for the claimed key; later claims with the same hash get
///   `.completed(response)`.
/// - `abandon` frees a claimed, not completed key (the request failed in a way a retry may fix).
/// - Keys of different tenants never meet.
/// - `purge(expiredBefore:)` deletes expired keys and returns how many.
public protocol IdempotencyStore: Sendable {
    func claim(tenant: String, key: String, requestHash: String, now: Date, expiresAt: Date) async throws -> IdempotencyClaim
    func complete(tenant: String, key: String, response: StoredResponse) async throws
    func abandon(tenant: String, key: String) async throws
    func purge(expiredBefore: Date) async throws -> Int
}
