import ParapetCore
import ArgumentParser
import Foundation
import ParapetAudit
import ParapetServer
import ParapetStore

struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Verify and export the audit trail in a data directory.",
        subcommands: [Verify.self, Export.self, Retain.self]
    )

    struct Verify: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            abstract: "Check the hash chain and the signed checkpoints; name every changed, deleted, inserted or reordered record.",
            discussion: "Exit code 0 when the trail is intact, 1 when a problem was found, 2 on a usage error."
        )

        @OptionGroup var runtime: RuntimeOptions

        @Flag(name: .long, help: "Print the result as JSON.")
        var json = false

        func run() async throws {
            let configuration = try runtime.loadConfiguration()
            let (stores, chain) = try AuditCommand.open(configuration)
            let result = try await AuditVerifier(chain: chain).verify(stores.audit)
            if json {
                let encoder = JSONEncoder()
                encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
                print(String(decoding: try encoder.encode(result), as: UTF8.self))
            } else {
                let range = result.firstSequence.map { "\($0)…\(result.lastSequence ?? $0)" } ?? "none"
                print("\(result.records) records (sequence \(range)), \(result.checkpoints) checkpoints")
                for problem in result.problems {
                    print("  \(problem.kind.rawValue): record \(problem.sequence)\(problem.auditID.map { " (\($0))" } ?? ""): \(problem.message)")
                }
                print(result.isIntact ? "intact" : "TAMPERED: \(result.problems.count) problem(s)")
            }
            if !result.isIntact { throw ExitCode(1) }
        }
    }

    struct Export: AsyncParsableCommand {
        static let configuration = CommandConfiguration(abstract: "Write audit records as JSON lines to standard output.")

        @OptionGroup var runtime: RuntimeOptions

        @Option(name: .long, help: "Only records at or after this time (RFC 3339, a day like 2026-11-01, or an age like 7d).")
        var since: String?

        @Option(name: .long, help: "Only records before this time.")
        var until: String?

        @Option(name: .long, help: "Only this tenant's records.")
        var tenant: String?

        @Option(name: .long, help: "Output format (jsonl).")
        var format = "jsonl"

        func validate() throws {
            guard format == "jsonl" else { throw ValidationError("unknown format \"\(format)\" (expected: jsonl)") }
            if let since, DateArgument.parse(since) == nil { throw ValidationError("--since: not a date or age: \"\(since)\"") }
            if let until, DateArgument.parse(until) == nil { throw ValidationError("--until: not a date or age: \"\(until)\"") }
        }

        func run() async throws {
            let configuration = try runtime.loadConfiguration()
            let (stores, _) = try AuditCommand.open(configuration)
            let from = since.flatMap { DateArgument.parse($0) }
            let to = until.flatMap { DateArgument.parse($0) }
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .withoutEscapingSlashes]
            var cursor: Int64 = 0
            while true {
                let page = try await stores.audit.scan(after: cursor, limit: 2_000)
                for record in page {
                    if let from, record.entry.time < from { continue }
                    if let to, record.entry.time >= to { continue }
                    if let tenant, record.entry.tenant != tenant { continue }
                    FileHandle.standardOutput.write(try encoder.encode(AuditRecordResponse(record)) + Data([0x0A]))
                }
                guard let last = page.last, page.count == 2_000 else { break }
                cursor = last.sequence
            }
        }
    }

    struct Retain: AsyncParsableCommand {
        static let configuration = CommandConfiguration(
            commandName: "retain",
            abstract: "Delete records older than the retention period (audit.retention_days, default 180), keeping the chain verifiable."
        )

        @OptionGroup var runtime: RuntimeOptions

        func run() async throws {
            let configuration = try runtime.loadConfiguration()
            let (stores, _) = try AuditCommand.open(configuration)
            let outcome = try await AuditRetention(days: configuration.audit.retentionDays).apply(to: stores.audit)
            print(outcome.anchor.map { "deleted \(outcome.deletedRecords) records; checkpoint \($0) anchors the trail" } ?? "nothing older than \(configuration.audit.retentionDays) days behind a checkpoint")
        }
    }

    /// Opens an existing data directory; refuses to create one (a typo must not verify as empty).
    static func open(_ configuration: ParapetConfiguration) throws -> (ParapetStores, AuditChain) {
        let directory = DataDirectory(path: configuration.dataDirectory)
        guard FileManager.default.fileExists(atPath: directory.databasePath) else {
            throw UsageError("no Parapet database in \(directory.path) (expected \(directory.databasePath))")
        }
        if configuration.audit.signingKeyEnv == nil && !FileManager.default.fileExists(atPath: directory.signingKeyPath) {
            throw UsageError("no audit signing key in \(directory.path) (expected \(directory.signingKeyPath)); without it checkpoints cannot be checked")
        }
        let stores = try StoreFactory.open(configuration, directory: directory)
        return (stores, try RuntimeOptions.chain(configuration, directory: directory))
    }
}
