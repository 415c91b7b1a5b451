import ArgumentParser
import Foundation
import ParapetCore
import ParapetGuards

/// `--policy FILE` and the redaction salt, shared by the commands that run the pipeline.
struct PolicyOptions: ParsableArguments {
    @Option(name: .long, help: "A policy YAML file layered over the built-in policy.")
    var policy: String?

    func loadPolicy() throws -> Policy { try Self.loadPolicy(path: policy) }

    /// The built-in policy, or the file at `path` layered over it.
    static func loadPolicy(path: String?) throws -> Policy {
        do {
            guard let path else { return try PolicyLoader.builtin() }
            guard let data = FileManager.default.contents(atPath: path) else {
                throw UsageError("cannot read policy file \(path)")
            }
            guard let yaml = String(validating: data, as: UTF8.self) else {
                throw UsageError("policy file \(path) is not valid UTF-8")
            }
            return try PolicyLoader.load(yaml: yaml)
        } catch let errors as ConfigErrors {
            throw UsageError("invalid policy:\n" + errors.errors.map { "  \($0)" }.joined(separator: "\n"))
        }
    }

    /// `PARAPET_REDACTION_SALT` when set, so hash tokens are stable across runs; otherwise a
    /// random salt for this process.
    static func redactionSalt() -> [UInt8] {
        if let salt = ProcessInfo.processInfo.environment["PARAPET_REDACTION_SALT"], !salt.isEmpty {
            return Array(salt.utf8)
        }
        var rng = SystemRandomNumberGenerator()
        return (0..<16).map { _ in UInt8.random(in: 0...255, using: &rng) }
    }
}

extension Direction: ExpressibleByArgument {}
