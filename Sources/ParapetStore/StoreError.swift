/// The one error type of every store implementation.
public struct StoreError: Error, Sendable, Hashable, CustomStringConvertible {
    public enum Kind: Sendable, Hashable {
        /// A record with the same identity exists.
        case conflict
        /// The backing database cannot be reached or refused the operation.
        case unavailable
        /// Stored data violates an invariant (e.g. an audit chain that cannot be continued).
        case corrupted
    }

    public var kind: Kind
    public var message: String

    public init(_ kind: Kind, _ message: String) {
        self.kind = kind
        self.message = message
    }

    public var description: String { "\(kind): \(message)" }
}
