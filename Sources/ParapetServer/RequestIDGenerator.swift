import ParapetCore
import Synchronization

/// Request ids for requests that bring none: `req_` + a random per-process prefix + a counter.
/// Unique and cheap (no system call per request); request ids are correlation handles, not secrets.
final class RequestIDGenerator: Sendable {
    private let prefix: String
    private let counter = Atomic<UInt64>(0)

    init() {
        prefix = "req_" + Hex.random(bytes: 6)
    }

    func next() -> String {
        let n = counter.add(1, ordering: .relaxed).newValue
        return prefix + Hex.encode(withUnsafeBytes(of: n.bigEndian) { Array($0) })
    }
}
