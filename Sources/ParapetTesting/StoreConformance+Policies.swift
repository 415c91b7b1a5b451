import Foundation
import ParapetStore

extension StoreConformance {
    static func policyChecks(_ policies: any PolicyStore, _ log: Log) async throws {
        log.expectEqual(try await policies.all(), [], "fresh policy store is empty")
        let t = baseMicroseconds
        let first = StoredPolicy(
            tenant: "t1", name: "default", yaml: "version: \"1\"\nrules: []\n# Überprüfung 🚧\n", version: "1", updatedAt: date(microseconds: t))
        let strict = StoredPolicy(tenant: "t1", name: "strict", yaml: "version: s\n", version: "s", updatedAt: date(microseconds: t + 1))
        let other = StoredPolicy(tenant: "t2", name: "default", yaml: "version: o\n", version: "o", updatedAt: date(microseconds: t + 2))
        for policy in [first, strict, other] { try await policies.put(policy) }

        log.expectEqual(try await policies.policy(tenant: "t1", name: "default"), first, "policy round-trips every field")
        log.expectEqual(try await policies.policy(tenant: "t2", name: "default"), other, "same name in another tenant is separate")
        log.expectEqual(try await policies.policy(tenant: "t3", name: "default"), nil, "unknown tenant has no policy")
        log.expectEqual(try await policies.policy(tenant: "t1", name: "missing"), nil, "unknown name has no policy")

        let replaced = StoredPolicy(tenant: "t1", name: "default", yaml: "version: \"2\"\n", version: "2", updatedAt: date(microseconds: t + 999_999))
        try await policies.put(replaced)
        log.expectEqual(try await policies.policy(tenant: "t1", name: "default"), replaced, "put replaces the same tenant and name")
        log.expectEqual(try await policies.policy(tenant: "t2", name: "default"), other, "put does not touch another tenant")
        let all = try await policies.all()
        log.expectEqual(all.count, 3, "all() holds one document per tenant and name")
        log.expectEqual(Set(all), [replaced, strict, other], "all() returns every stored policy")
    }
}
