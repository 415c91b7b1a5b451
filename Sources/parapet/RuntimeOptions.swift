import ArgumentParser
import Foundation
import ParapetAudit
import ParapetCore
import ParapetServer

/// `--config` and `--data`, shared by the commands that work on a data directory.
struct RuntimeOptions: ParsableArguments {
    @Option(name: .long, help: "A parapet.yaml config file.")
    var config: String?

    @Option(name: .long, help: "The data directory (default: ./parapet-data, or `data` in the config).")
    var data: String?

    func loadConfiguration() throws -> ParapetConfiguration {
        var configuration = ParapetConfiguration()
        if let path = config {
            guard let bytes = FileManager.default.contents(atPath: path) else { throw UsageError("cannot read config file \(path)") }
            guard let yaml = String(validating: bytes, as: UTF8.self) else { throw UsageError("config file \(path) is not valid UTF-8") }
            do {
                configuration = try ParapetConfiguration.parse(yaml: yaml)
            } catch {
                throw UsageError("invalid config:\n" + error.errors.map { "  \($0)" }.joined(separator: "\n"))
            }
        }
        if let data { configuration.dataDirectory = data }
        return configuration
    }

    /// The audit signing key: from the environment variable the config names, else the key file
    /// in the data directory (generated on first use).
    static func signingKey(_ configuration: ParapetConfiguration, directory: DataDirectory) throws -> [UInt8] {
        if let name = configuration.audit.signingKeyEnv {
            guard let value = ProcessInfo.processInfo.environment[name], value.utf8.count >= 16 else {
                throw UsageError("audit.signing_key_env names \(name), which is not set to a secret of at least 16 bytes")
            }
            return Array(value.utf8)
        }
        return try directory.secret(at: directory.signingKeyPath)
    }

    static func chain(_ configuration: ParapetConfiguration, directory: DataDirectory) throws -> AuditChain {
        AuditChain(signingKey: try signingKey(configuration, directory: directory), checkpointInterval: configuration.audit.checkpointInterval)
    }
}

/// Dates on the command line: RFC 3339 (`2026-11-01T00:00:00Z`), a day (`2026-11-01`, UTC), or an
/// age (`90m`, `24h`, `7d`).
enum DateArgument {
    static func parse(_ text: String, now: Date = Date()) -> Date? {
        if let last = text.last, let amount = Double(text.dropLast()), amount >= 0 {
            switch last {
            case "m": return now.addingTimeInterval(-amount * 60)
            case "h": return now.addingTimeInterval(-amount * 3_600)
            case "d": return now.addingTimeInterval(-amount * 86_400)
            default: break
            }
        }
        let full = ISO8601DateFormatter()
        full.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = full.date(from: text) { return d }
        full.formatOptions = [.withInternetDateTime]
        if let d = full.date(from: text) { return d }
        let day = ISO8601DateFormatter()
        day.formatOptions = [.withFullDate]
        return day.date(from: text)
    }
}
