import ArgumentParser
import Foundation
import ParapetCore
import ParapetGuards

struct EvalCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "eval",
        abstract: "Measure the detectors on a labelled JSONL file (the formats of shared/eval).",
        discussion: """
            Class-labelled files (attack/benign, harmful/safe, toxic/non_toxic) are scored per dataset \
            category (recall on positive categories, false-positive rate on benign ones) and per finding \
            category. Span-labelled PII files are scored per type by span overlap, counting only the \
            types a row lists in checked_types. Also prints latency per record (p50/p99) and throughput.
            """
    )

    @Argument(help: "A JSONL file, e.g. ../shared/eval/injection.jsonl.")
    var file: String

    @Option(name: .long, parsing: .upToNextOption, help: "Run only these detectors: \(StandardDetectors.names.joined(separator: ", ")).")
    var detector: [String] = []

    @Option(name: .long, help: "The direction to evaluate as.")
    var direction: Direction = .input

    @OptionGroup var policyOptions: PolicyOptions

    @Flag(name: .long, help: "Print the report as JSON.")
    var json = false

    func validate() throws {
        for name in detector where !StandardDetectors.names.contains(name) {
            throw ValidationError("unknown detector \"\(name)\" (expected one of: \(StandardDetectors.names.joined(separator: ", ")))")
        }
    }

    func run() throws {
        let records: [EvalRecord]
        do {
            records = try EvalRecord.load(contentsOf: file)
        } catch {
            throw UsageError(error.description)
        }
        let pipeline = GuardPipeline.standard(
            policy: try policyOptions.loadPolicy(), redactionSalt: PolicyOptions.redactionSalt(),
            only: detector.isEmpty ? nil : Set(detector))
        let progress = ProgressBar(total: records.count, enabled: !json && isatty(STDERR_FILENO) == 1)
        let report = Evaluator(pipeline: pipeline, direction: direction).run(records, file: file) { progress.update($0) }
        progress.finish()
        if json {
            let encoder = JSONEncoder()
            encoder.outputFormatting = [.sortedKeys, .prettyPrinted, .withoutEscapingSlashes]
            print(String(decoding: try encoder.encode(report), as: UTF8.self))
        } else {
            print(EvalReportPrinter.text(report))
        }
    }
}

/// A one-line progress bar on standard error, redrawn in place.
final class ProgressBar {
    private let total: Int
    private let enabled: Bool

    init(total: Int, enabled: Bool) {
        self.total = max(total, 1)
        self.enabled = enabled
    }

    func update(_ done: Int) {
        guard enabled else { return }
        let width = 30
        let filled = done * width / total
        let bar = String(repeating: "█", count: filled) + String(repeating: "·", count: width - filled)
        FileHandle.standardError.write(Data("\r\(bar) \(done)/\(total)".utf8))
    }

    func finish() {
        guard enabled else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[2K".utf8))
    }
}
