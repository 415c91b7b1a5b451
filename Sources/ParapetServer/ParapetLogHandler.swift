#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif
import Logging
import Synchronization

/// The log handler of `parapet serve`: `StreamLogHandler`'s line format on standard error
/// (`<time> <level> <label>: <metadata> [<source>] <message>`), with the metadata rendered when
/// a line is written. `StreamLogHandler` renders it whenever it changes, and Hummingbird sets a
/// request id on every request's logger, so each request paid for a rendering that info-level
/// logging never printed.
public struct ParapetLogHandler: LogHandler {
    public var logLevel: Logger.Level = .info
    public var metadata: Logger.Metadata = [:]
    public var metadataProvider: Logger.MetadataProvider?
    private let label: String
    private let write: @Sendable (String) -> Void

    /// A handler writing to standard error.
    public init(label: String) {
        self.init(label: label, write: StandardError.shared.write)
    }

    /// A handler handing each finished line (ending in a newline) to `write`.
    public init(label: String, metadataProvider: Logger.MetadataProvider? = nil, write: @escaping @Sendable (String) -> Void) {
        self.label = label
        self.metadataProvider = metadataProvider
        self.write = write
    }

    public subscript(metadataKey key: String) -> Logger.Metadata.Value? {
        get { metadata[key] }
        set { metadata[key] = newValue }
    }

    public func log(event: LogEvent) {
        var all = metadata
        if let provided = metadataProvider?.get(), !provided.isEmpty {
            all.merge(provided) { _, new in new }
        }
        if let explicit = event.metadata, !explicit.isEmpty {
            all.merge(explicit) { _, new in new }
        }
        if let error = event.error {
            all["error.message"] = "\(error)"
            all["error.type"] = "\(String(reflecting: type(of: error)))"
        }
        var line = Self.timestamp() + " \(event.level)"
        if !label.isEmpty { line += " " + label }
        line += ":"
        for (key, value) in all.sorted(by: { $0.key < $1.key }) { line += " \(key)=\(value)" }
        line += " [\(event.source)] \(event.message)\n"
        write(line)
    }

    /// Local time as `2026-11-21T22:27:03+0000`, as `StreamLogHandler` writes it.
    static func timestamp() -> String {
        var now = time(nil)
        var parts = tm()
        guard localtime_r(&now, &parts) != nil else { return "<unknown>" }
        var buffer = [CChar](repeating: 0, count: 64)
        let count = strftime(&buffer, buffer.count, "%Y-%m-%dT%H:%M:%S%z", &parts)
        return String(decoding: buffer.prefix(count).map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}

/// Standard error, written one whole line per call so that lines of concurrent loggers never
/// interleave.
final class StandardError: Sendable {
    static let shared = StandardError()
    private let lock = Mutex(())

    @Sendable func write(_ line: String) {
        var line = line
        lock.withLock { _ in
            line.withUTF8 { bytes in
                var offset = 0
                while offset < bytes.count, let base = bytes.baseAddress {
                    #if canImport(Glibc)
                    let n = Glibc.write(2, base + offset, bytes.count - offset)
                    #else
                    let n = Darwin.write(2, base + offset, bytes.count - offset)
                    #endif
                    if n > 0 {
                        offset += n
                    } else if n < 0 && errno == EINTR {
                        continue
                    } else {
                        return
                    }
                }
            }
        }
    }
}
