import ParapetServer
import ParapetSQLite
import ParapetStore

/// Opens the stores a configuration asks for (SQLite in the data directory; PostgreSQL later).
enum StoreFactory {
    static func open(_ configuration: ParapetConfiguration, directory: DataDirectory) throws -> ParapetStores {
        try directory.create()
        let durability = SQLiteConfiguration.Durability(rawValue: configuration.audit.durability) ?? .full
        do {
            return try SQLiteStores.open(SQLiteConfiguration(path: directory.databasePath, durability: durability))
        } catch {
            throw UsageError("cannot open the database \(directory.databasePath): \(error)")
        }
    }
}
