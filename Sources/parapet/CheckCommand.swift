import ArgumentParser
import Foundation
import ParapetCore
import ParapetGuards

struct CheckCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "check",
        abstract: "Scan one text and print the decision.",
        discussion: "Exit code 0 when the text may pass (allow, annotate, redact, review), 1 when it is blocked, 2 on a usage error."
    )

    @Option(name: .long, help: "input, output, tool or retrieval.")
    var direction: Direction = .input

    @OptionGroup var policyOptions: PolicyOptions

    @Flag(name: .long, help: "Print the decision as JSON.")
    var json = false

    @Argument(help: "The text to scan, or - to read it from standard input.")
    var text: String

    /// Standard input beyond this is refused rather than read into memory.
    static let maxInputBytes = 64 << 20

    func run() throws {
        let input = try readInput()
        let pipeline = GuardPipeline.standard(policy: try policyOptions.loadPolicy(), redactionSalt: PolicyOptions.redactionSalt())
        let decision = pipeline.evaluate(input, direction: direction)
        print(json ? try DecisionPrinter.json(decision) : DecisionPrinter.text(decision))
        if decision.action == .block { throw ExitCode(1) }
    }

    private func readInput() throws -> String {
        guard text == "-" else { return text }
        var data = Data()
        while true {
            let chunk = FileHandle.standardInput.readData(ofLength: 1 << 16)
            if chunk.isEmpty { break }
            data.append(chunk)
            if data.count > Self.maxInputBytes {
                throw UsageError("standard input is larger than \(Self.maxInputBytes >> 20) MB")
            }
        }
        // Invalid UTF-8 becomes U+FFFD rather than an error: hostile input is still scanned.
        return String(decoding: data, as: UTF8.self)
    }
}
