import Foundation
import Testing

/// The official `openai` and `anthropic` Python SDKs against `parapet serve` with a scripted mock
/// provider: chat, streaming, tool calls, JSON-schema answers, guardrail errors, cut streams and
/// the Anthropic Messages API (see Tests/compat/sdk_compat.py). CI installs the packages and sets
/// PARAPET_REQUIRE_SDK_TESTS=1, which turns missing packages into a failure; elsewhere the test
/// runs when they are installed.
@Suite struct SDKCompatibilityTests {
    static let pythonReady = pythonImports("openai, anthropic")

    static var required: Bool { ProcessInfo.processInfo.environment["PARAPET_REQUIRE_SDK_TESTS"] == "1" }

    @Test(.enabled(if: pythonReady || required, "python3 with the openai and anthropic packages is not installed"))
    func officialSDKsWorkAgainstTheGateway() async throws {
        #expect(Self.pythonReady, "PARAPET_REQUIRE_SDK_TESTS=1 but python3 cannot import openai and anthropic")
        guard Self.pythonReady else { return }
        let directory = try temporaryDirectory()
        let config = """
            gateway:
              providers:
                upstream:
                  kind: mock
              routes:
                chat:
                  targets:
                    - { provider: upstream, model: mock-model }
                cut:
                  targets:
                    - { provider: upstream, model: mock-cut_stream }
            """
        let configPath = directory + "/parapet.yaml"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let key = "ppk_" + String(repeating: "5", count: 40)
        let server = try ServeProcess(dataDirectory: directory, adminKey: key, extraArguments: ["--config", configPath])
        try await server.start()
        defer { server.kill(signal: SIGTERM) }

        let script = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("compat/sdk_compat.py").path
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = ["python3", script, "--base-url", server.baseURL, "--key", key, "--model", "chat", "--cut-model", "cut"]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "SDK checks failed:\n\(output)\nserver log:\n\(server.output)")
    }
}
