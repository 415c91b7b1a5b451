import Foundation

/// Kill switches in memory: for tests and throwaway servers.
public actor InMemorySwitchStore: SwitchStore {
    private struct Key: Hashable {
        var tenant: String
        var kind: KillSwitch.Kind
        var name: String
    }

    private var switches: [Key: KillSwitch] = [:]

    public init() {}

    public func put(_ killSwitch: KillSwitch) {
        switches[Key(tenant: killSwitch.tenant, kind: killSwitch.kind, name: killSwitch.name)] = killSwitch
    }

    public func remove(tenant: String, kind: KillSwitch.Kind, name: String) -> Bool {
        switches.removeValue(forKey: Key(tenant: tenant, kind: kind, name: name)) != nil
    }

    /// The tenant's switches, ordered by kind (its raw value), then name.
    public func switches(tenant: String) -> [KillSwitch] {
        all().filter { $0.tenant == tenant }
    }

    /// Ordered by tenant, kind (its raw value), then name, each in UTF-8 byte order as a database sorts them.
    public func all() -> [KillSwitch] {
        switches.values.sorted { a, b in
            for (x, y) in [(a.tenant, b.tenant), (a.kind.rawValue, b.kind.rawValue), (a.name, b.name)] where !x.utf8.elementsEqual(y.utf8) {
                return x.utf8.lexicographicallyPrecedes(y.utf8)
            }
            return false
        }
    }
}
