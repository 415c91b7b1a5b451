import Foundation

/// A tenant's policy document as an admin uploaded it, validated before it was stored.
public struct StoredPolicy: Sendable, Hashable {
    public var tenant: String
    /// The policy's name; requests choose it with `policy`, `default` when they don't.
    public var name: String
    public var yaml: String
    /// The version the document resolved to (its `version`, or a hash of its text).
    public var version: String
    public var updatedAt: Date

    public init(tenant: String, name: String, yaml: String, version: String, updatedAt: Date) {
        self.tenant = tenant
        self.name = name
        self.yaml = yaml
        self.version = version
        self.updatedAt = updatedAt
    }
}

/// Policy documents per tenant and name.
///
/// Implementers' duties: `put` replaces a document with the same tenant and name; reads are
/// tenant-scoped.
public protocol PolicyStore: Sendable {
    func put(_ policy: StoredPolicy) async throws
    func policy(tenant: String, name: String) async throws -> StoredPolicy?
    /// Every stored policy, for loading at start.
    func all() async throws -> [StoredPolicy]
}
