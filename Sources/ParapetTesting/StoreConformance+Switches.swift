import Foundation
import ParapetStore

extension StoreConformance {
    static func killSwitch(
        _ tenant: String, _ kind: KillSwitch.Kind, _ name: String, value: String = "", reason: String = "incident 42", at offset: Int64 = 0
    ) -> KillSwitch {
        KillSwitch(
            tenant: tenant, kind: kind, name: name, value: value, reason: reason, keyID: "key_00000000000000a1",
            createdAt: date(microseconds: baseMicroseconds + offset))
    }

    /// Kinds order by their raw value: category, fail_mode, route, target, tool.
    static func switchChecks(_ switches: any SwitchStore, _ log: Log) async throws {
        log.expectEqual(try await switches.all(), [], "fresh switch store is empty")
        let tool = killSwitch("t1", .tool, "shell", reason: "Überprüfung — 🚨 \"quoted\", commas", at: 1)
        let failMode = killSwitch("t1", .failMode, "*", value: "closed", at: 2)
        let routeB = killSwitch("t1", .route, "gpt-4o", at: 3)
        let routeA = killSwitch("t1", .route, "claude", reason: "", at: 4)
        let target = killSwitch("t1", .target, "openai/gpt-4o", at: 5)
        let category = killSwitch("t1", .category, "secrets", at: 6)
        let sameNameOtherKind = killSwitch("t1", .target, "gpt-4o", at: 7)
        let other = killSwitch("t2", .route, "gpt-4o", at: 8)
        let earlier = killSwitch("a0", .tool, "browser", at: 9)
        for s in [tool, failMode, routeB, routeA, target, category, sameNameOtherKind, other, earlier] { try await switches.put(s) }

        let tenantOne = [category, failMode, routeA, routeB, sameNameOtherKind, target, tool]
        log.expectEqual(try await switches.all(), [earlier] + tenantOne + [other], "all() is ordered by tenant, kind, name")
        log.expectEqual(try await switches.switches(tenant: "t1"), tenantOne, "switches(tenant:) is tenant-scoped and ordered by kind, name")
        log.expectEqual(try await switches.switches(tenant: "t2"), [other], "switches(tenant:) of another tenant")
        log.expectEqual(try await switches.switches(tenant: "nobody"), [], "switches(tenant:) of an unknown tenant is empty")

        let reopened = killSwitch("t1", .failMode, "*", value: "open", reason: "reopened", at: 100)
        try await switches.put(reopened)
        log.expectEqual(
            try await switches.switches(tenant: "t1"), [category, reopened, routeA, routeB, sameNameOtherKind, target, tool],
            "put replaces the same tenant, kind and name")
        log.expectEqual(try await switches.switches(tenant: "t2"), [other], "put does not touch another tenant")

        log.expect(try await switches.remove(tenant: "t1", kind: .route, name: "gpt-4o"), "remove of an existing switch is true")
        log.expect(!(try await switches.remove(tenant: "t1", kind: .route, name: "gpt-4o")), "a second remove is false")
        log.expect(!(try await switches.remove(tenant: "t2", kind: .route, name: "claude")), "remove is tenant-scoped")
        log.expect(!(try await switches.remove(tenant: "t1", kind: .tool, name: "claude")), "remove matches the kind")
        log.expectEqual(
            try await switches.switches(tenant: "t1"), [category, reopened, routeA, sameNameOtherKind, target, tool],
            "remove deletes only the named switch")
        log.expectEqual(try await switches.switches(tenant: "t2"), [other], "remove keeps the same name in another tenant")
    }
}
