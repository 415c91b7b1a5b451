/// How the SQLite stores open their database.
public struct SQLiteConfiguration: Sendable, Hashable {
    /// How hard a commit waits for the disk.
    public enum Durability: String, Sendable, Hashable, CaseIterable {
        /// `synchronous = FULL`: a commit survives power loss (an fsync per transaction).
        case full
        /// `synchronous = NORMAL` in WAL mode: a commit survives a crash of the process (SIGKILL),
        /// not of the machine.
        case normal
    }

    /// The database file, e.g. `parapet-data/parapet.sqlite`.
    public var path: String
    public var durability: Durability
    /// How long a connection waits for a lock held by another process before failing.
    public var busyTimeoutSeconds: Double

    public init(path: String, durability: Durability = .full, busyTimeoutSeconds: Double = 5) {
        self.path = path
        self.durability = durability
        self.busyTimeoutSeconds = busyTimeoutSeconds
    }
}
