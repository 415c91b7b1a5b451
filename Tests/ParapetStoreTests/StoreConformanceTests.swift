import Foundation
import ParapetSQLite
import ParapetStore
import ParapetTesting
import Testing

@Suite struct StoreConformanceTests {
    @Test func inMemoryStoresConform() async {
        let violations = await StoreConformance.run("in-memory") { ParapetStores.inMemory() }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test(arguments: SQLiteConfiguration.Durability.allCases)
    func sqliteStoresConform(durability: SQLiteConfiguration.Durability) async throws {
        let directory = try TemporaryDirectory()
        defer { directory.remove() }
        var opened = 0
        let violations = await StoreConformance.run("sqlite (\(durability))") {
            opened += 1
            // A nested directory that does not exist yet: open must create it.
            return try SQLiteStores.open(SQLiteConfiguration(path: directory.path("run\(opened)/data/parapet.sqlite"), durability: durability))
        }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }

    @Test func sqliteInMemoryStoresConform() async {
        let violations = await StoreConformance.run("sqlite :memory:") { try SQLiteStores.open(SQLiteConfiguration(path: ":memory:")) }
        #expect(violations.isEmpty, "\(violations.map(\.description).joined(separator: "\n"))")
    }
}
