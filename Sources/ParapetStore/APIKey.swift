import Foundation
import ParapetCore

/// A stored API key. The secret itself is never stored: only its SHA-256.
public struct APIKey: Sendable, Hashable {
    /// Public identifier, `key_` + 16 hex digits; safe to log and to show.
    public var id: String
    public var tenant: String
    public var role: Role
    /// A label chosen by whoever created the key.
    public var name: String
    /// SHA-256 of the secret, 32 bytes.
    public var hash: [UInt8]
    public var createdAt: Date
    public var revokedAt: Date?

    public init(id: String, tenant: String, role: Role, name: String, hash: [UInt8], createdAt: Date, revokedAt: Date? = nil) {
        self.id = id
        self.tenant = tenant
        self.role = role
        self.name = name
        self.hash = hash
        self.createdAt = createdAt
        self.revokedAt = revokedAt
    }

    public var isRevoked: Bool { revokedAt != nil }
}
