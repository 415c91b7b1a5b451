import Foundation

/// An operator's kill switch, per tenant.
public struct KillSwitch: Sendable, Hashable {
    public enum Kind: String, Sendable, Hashable, CaseIterable {
        /// Calls to the route (a model alias) are refused.
        case route
        /// The target (`provider/model`) is skipped as if its circuit were open.
        case target
        /// Requests that offer the tool, and answers that call it, are refused.
        case tool
        /// Every answer with a finding of the category is blocked.
        case category
        /// Overrides a route's guard fail mode (`name` = route or `*`, `value` = `open` | `closed`).
        case failMode = "fail_mode"
    }

    public var tenant: String
    public var kind: Kind
    public var name: String
    /// Only for `fail_mode`: `open` or `closed`; empty otherwise.
    public var value: String
    public var reason: String
    /// The key that set it.
    public var keyID: String
    public var createdAt: Date

    public init(tenant: String, kind: Kind, name: String, value: String, reason: String, keyID: String, createdAt: Date) {
        self.tenant = tenant
        self.kind = kind
        self.name = name
        self.value = value
        self.reason = reason
        self.keyID = keyID
        self.createdAt = createdAt
    }
}

/// Kill switches, kept across restarts.
///
/// Implementers' duties (checked by `StoreConformance`):
/// - `put` replaces a switch with the same tenant, kind and name.
/// - `remove` deletes one and returns whether it existed.
/// - `all()` lists every switch ordered by tenant, kind, name; `switches(tenant:)` only the tenant's.
public protocol SwitchStore: Sendable {
    func put(_ killSwitch: KillSwitch) async throws
    func remove(tenant: String, kind: KillSwitch.Kind, name: String) async throws -> Bool
    func switches(tenant: String) async throws -> [KillSwitch]
    func all() async throws -> [KillSwitch]
}
