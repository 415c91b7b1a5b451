import ArgumentParser
import Foundation

@main
struct ParapetCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "parapet",
        abstract: "A safety and reliability layer for LLM applications.",
        discussion: "Exit codes: 0 success (text allowed), 1 text blocked, 2 usage or input error.",
        subcommands: [CheckCommand.self, EvalCommand.self, BenchCommand.self, PolicyCommand.self, ServeCommand.self, AuditCommand.self, ReviewCommand.self, MockUpstreamCommand.self, CalibrateCommand.self]
    )

    /// Parses and runs, mapping every usage or input error to exit code 2 (ArgumentParser's
    /// default is 64) so scripts can tell "blocked" (1) from "called wrongly" (2).
    static func main() async {
        do {
            var command = try parseAsRoot()
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch let code as ExitCode {
            Foundation.exit(code.rawValue)
        } catch {
            if exitCode(for: error) == .success {
                exit(withError: error)  // --help, --version
            }
            FileHandle.standardError.write(Data((fullMessage(for: error) + "\n").utf8))
            Foundation.exit(2)
        }
    }
}

/// An error in how the command was called or in its input files; exits with code 2.
struct UsageError: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
