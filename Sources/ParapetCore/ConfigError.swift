/// One problem in a configuration document, named by its path.
public struct ConfigError: Error, Sendable, Hashable, CustomStringConvertible {
    public var path: ConfigPath
    public var message: String

    public init(_ path: ConfigPath, _ message: String) {
        self.path = path
        self.message = message
    }

    /// `policy.categories["pii.email"].output: unknown action "mask"`.
    public var description: String { "\(path): \(message)" }
}

/// Every problem found while loading a configuration document; loading fails if there is one.
public struct ConfigErrors: Error, Sendable, Hashable, CustomStringConvertible {
    public var errors: [ConfigError]
    public init(_ errors: [ConfigError]) { self.errors = errors }
    public var description: String { errors.map(\.description).joined(separator: "\n") }
}
