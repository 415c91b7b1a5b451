import ParapetServer
import ParapetSQLite
import ParapetStore

/// Opens the stores a configuration asks for (SQLite in the data directory; PostgreSQL later).
enum StoreFactory {
    static func open(_ configuration: ParapetConfiguration, directory: DataDirectory) throws -> ParapetStores {
        try openDatabase(configuration, directory: directory).stores
    }

    /// The stores and the database under them, for the services that maintain it.
    static func openDatabase(_ configuration: ParapetConfiguration, directory: DataDirectory) throws -> (stores: ParapetStores, database: SQLiteDatabase) {
        try directory.create()
        let durability = SQLiteConfiguration.Durability(rawValue: configuration.audit.durability) ?? .full
        do {
            let database = try SQLiteDatabase(SQLiteConfiguration(path: directory.databasePath, durability: durability))
            return (SQLiteStores.stores(on: database), database)
        } catch {
            throw UsageError("cannot open the database \(directory.databasePath): \(error)")
        }
    }
}
