import ParapetCore
import ParapetStore
import Synchronization

/// The kill switches in force, per tenant, read on every call without touching the store. The
/// admin API writes the store first and then `replace`s the tenant's switches here, so a switch
/// takes effect with the next call.
public final class SwitchBoard: Sendable {
    /// One tenant's switches, indexed for the call path.
    public struct Switches: Sendable, Hashable {
        public var routes: Set<String> = []
        public var targets: Set<String> = []
        public var tools: Set<String> = []
        public var categories: Set<String> = []
        /// Route name (or `*`) → fail mode.
        public var failModes: [String: FailMode] = [:]

        public init(_ switches: [KillSwitch] = []) {
            for item in switches {
                switch item.kind {
                case .route: routes.insert(item.name)
                case .target: targets.insert(item.name)
                case .tool: tools.insert(item.name)
                case .category: categories.insert(item.name)
                case .failMode: failModes[item.name] = FailMode(rawValue: item.value)
                }
            }
        }

        /// The route's fail mode after switches: the route's own switch, else `*`, else configured.
        public func failMode(route: String, configured: FailMode) -> FailMode {
            failModes[route] ?? failModes["*"] ?? configured
        }

        public var isEmpty: Bool { routes.isEmpty && targets.isEmpty && tools.isEmpty && categories.isEmpty && failModes.isEmpty }
    }

    private let state = Mutex([String: Switches]())

    public init() {}

    /// Loads every stored switch (at start).
    public func load(_ switches: [KillSwitch]) {
        let grouped = Dictionary(grouping: switches, by: \.tenant).mapValues { Switches($0) }
        state.withLock { $0 = grouped }
    }

    /// Replaces one tenant's switches.
    public func replace(tenant: String, with switches: [KillSwitch]) {
        let indexed = Switches(switches)
        state.withLock { $0[tenant] = indexed.isEmpty ? nil : indexed }
    }

    public func switches(tenant: String) -> Switches {
        state.withLock { $0[tenant] } ?? Switches()
    }
}
