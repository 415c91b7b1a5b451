import Foundation
import ParapetCore
import Testing

@testable import ParapetGuards

/// Runs the official JSON-Schema-Test-Suite (read-only, from `shared/eval/json-schema-test-suite`
/// beside the package) against `JSONSchemaValidator`. Required tests must all pass; optional ones
/// (`optional/`, `optional/format/`) are only reported.
@Suite struct JSONSchemaSuiteTests {
    /// Required tests allowed to fail, by "file: group / test", each with the reason. Empty.
    static let requiredExceptions: [String: String] = [:]

    /// `<package root>/../shared/eval/json-schema-test-suite`, where the package root is the
    /// nearest ancestor of this file with a Package.swift.
    static var suiteURL: URL {
        var directory = URL(fileURLWithPath: #filePath).deletingLastPathComponent()
        while directory.path != "/", !FileManager.default.fileExists(atPath: directory.appendingPathComponent("Package.swift").path) {
            directory.deleteLastPathComponent()
        }
        return directory.deletingLastPathComponent().appendingPathComponent("shared/eval/json-schema-test-suite")
    }

    /// Serves `http://localhost:1234/…` from the suite's `remotes/` folder.
    struct RemoteResolver: JSONSchemaResolver {
        let documents: [String: JSON]

        init(remotes: URL) throws {
            var documents: [String: JSON] = [:]
            let files = FileManager.default.enumerator(at: remotes, includingPropertiesForKeys: nil)
            while let file = files?.nextObject() as? URL {
                guard file.pathExtension == "json" else { continue }
                let relative = file.standardizedFileURL.path.dropFirst(remotes.standardizedFileURL.path.count + 1)
                documents["http://localhost:1234/" + relative] = try JSON.parse(Array(Data(contentsOf: file)))
            }
            self.documents = documents
        }

        func document(for uri: String) -> JSON? { documents[uri] }
    }

    struct FileResult {
        var name: String
        var passed = 0
        var total = 0
        var failures: [String] = []
    }

    static func run(_ file: URL, name: String, draft: JSONSchemaDraft, resolver: RemoteResolver) throws -> FileResult {
        var result = FileResult(name: name)
        guard case .array(let groups) = try JSON.parse(Array(Data(contentsOf: file))) else {
            result.failures.append("not an array of test groups")
            return result
        }
        for group in groups {
            let description = group["description"]?.stringValue ?? "?"
            let tests = group["tests"]?.arrayValue ?? []
            let validator: JSONSchemaValidator
            do {
                validator = try JSONSchemaValidator(schema: group["schema"] ?? .null, defaultDraft: draft, resolver: resolver)
            } catch {
                result.total += tests.count
                for test in tests {
                    result.failures.append("\(description) / \(test["description"]?.stringValue ?? "?"): compile error \(error)")
                }
                continue
            }
            for test in tests {
                result.total += 1
                let data = test["data"] ?? .null
                let expected = test["valid"]?.boolValue ?? false
                let fast = validator.isValid(data)
                let violations = validator.validate(data)
                let name = "\(description) / \(test["description"]?.stringValue ?? "?")"
                if fast == expected, violations.isEmpty == expected {
                    result.passed += 1
                } else {
                    result.failures.append("\(name): expected \(expected), isValid \(fast), violations \(violations.prefix(3))")
                }
            }
        }
        return result
    }

    static func files(in directory: URL) -> [URL] {
        let names = (try? FileManager.default.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.filter { $0.hasSuffix(".json") }.sorted().map { directory.appendingPathComponent($0) }
    }

    static func printTable(_ title: String, _ results: [FileResult]) {
        var lines = ["\(title): \(results.map(\.passed).reduce(0, +))/\(results.map(\.total).reduce(0, +))"]
        for result in results {
            lines.append("  \(result.name.padding(toLength: 40, withPad: " ", startingAt: 0)) \(result.passed)/\(result.total)")
        }
        print(lines.joined(separator: "\n"))
    }

    static func folder(_ draft: String) -> URL { suiteURL.appendingPathComponent("tests").appendingPathComponent(draft) }

    static func draft(_ name: String) -> JSONSchemaDraft { name == "draft7" ? .draft7 : .draft2020_12 }

    @Test(arguments: ["draft2020-12", "draft7"])
    func required(draftName: String) throws {
        let directory = Self.folder(draftName)
        guard FileManager.default.fileExists(atPath: directory.path) else {
            Issue.record("JSON-Schema-Test-Suite not found at \(directory.path); it must be checked out beside the package")
            return
        }
        let resolver = try RemoteResolver(remotes: Self.suiteURL.appendingPathComponent("remotes"))
        var results: [FileResult] = []
        for file in Self.files(in: directory) {
            let result = try Self.run(file, name: file.lastPathComponent, draft: Self.draft(draftName), resolver: resolver)
            results.append(result)
            let unexpected = result.failures.filter { failure in
                !Self.requiredExceptions.keys.contains { failure.hasPrefix("\(file.lastPathComponent): \($0)") }
            }
            #expect(unexpected.isEmpty, "\(draftName)/\(file.lastPathComponent): \(unexpected.joined(separator: "\n"))")
        }
        #expect(results.count > 30)
        Self.printTable("required \(draftName)", results)
    }

    @Test(arguments: ["draft2020-12", "draft7"])
    func optional(draftName: String) throws {
        let directory = Self.folder(draftName).appendingPathComponent("optional")
        guard FileManager.default.fileExists(atPath: directory.path) else {
            Issue.record("JSON-Schema-Test-Suite optional tests not found at \(directory.path)")
            return
        }
        let resolver = try RemoteResolver(remotes: Self.suiteURL.appendingPathComponent("remotes"))
        var results: [FileResult] = []
        for file in Self.files(in: directory) {
            results.append(try Self.run(file, name: file.lastPathComponent, draft: Self.draft(draftName), resolver: resolver))
        }
        for file in Self.files(in: directory.appendingPathComponent("format")) {
            results.append(try Self.run(file, name: "format/" + file.lastPathComponent, draft: Self.draft(draftName), resolver: resolver))
        }
        // Reported, not asserted: every file ran to the end.
        #expect(results.allSatisfy { $0.total > 0 })
        Self.printTable("optional \(draftName)", results)
    }
}
