import Foundation
import ParapetTesting
import Testing

/// The reviewer console in a real browser: `scripts/console_e2e.py` drives headless Chromium
/// (selenium, Debian's `chromium` and `chromium-driver`) against `parapet serve` and a mock
/// upstream whose answers have a confidence of 0.6, inside the routes' review band. A held answer
/// appears in the console, is approved in Chromium and reaches the client exactly once; the same
/// with a rejection, and with two required approvals by two reviewers.
///
/// CI installs the browser and selenium and sets PARAPET_REQUIRE_CONSOLE_TESTS=1, which turns a
/// missing piece into a failure; elsewhere the test runs when they are installed.
@Suite struct ConsoleBrowserTests {
    static let chromium = "/usr/bin/chromium"
    static let chromedriver = "/usr/bin/chromedriver"

    static let browserReady: Bool = {
        FileManager.default.isExecutableFile(atPath: chromium) && FileManager.default.isExecutableFile(atPath: chromedriver) && pythonImports("selenium")
    }()

    static var required: Bool { ProcessInfo.processInfo.environment["PARAPET_REQUIRE_CONSOLE_TESTS"] == "1" }

    static let adminKey = "ppk_" + String(repeating: "c", count: 40)

    /// Two tokens of probability 0.6 each: a calibrated confidence of 0.6.
    static let middling = MockScenario.completion(#"""
        {"id":"chatcmpl-console","object":"chat.completion","created":1700000000,"model":"mock-model",
         "choices":[{"index":0,"message":{"role":"assistant","content":"Yes: order 1182 qualifies for a full refund of 120.00 EUR under the 30-day policy."},
           "finish_reason":"stop","logprobs":{"content":[{"token":"Yes","logprob":-0.5108256,"top_logprobs":[]},{"token":":","logprob":-0.5108256,"top_logprobs":[]}]}}],
         "usage":{"prompt_tokens":20,"completion_tokens":18,"total_tokens":38}}
        """#)

    @Test(.enabled(if: browserReady || required, "chromium, chromium-driver or python3's selenium is not installed"))
    func aHeldAnswerIsApprovedOrRejectedInChromiumAndReleasedOnce() async throws {
        #expect(Self.browserReady, "PARAPET_REQUIRE_CONSOLE_TESTS=1 but chromium, chromedriver or selenium is missing")
        guard Self.browserReady else { return }
        let upstream = MockUpstream(scenario: Self.middling)
        _ = try await upstream.start(host: "127.0.0.1", port: 0)
        do {
            try await Self.run(upstream)
        } catch {
            await upstream.stop()
            throw error
        }
        await upstream.stop()
    }

    static func run(_ upstream: MockUpstream) async throws {
        let directory = try temporaryDirectory()
        let config = """
            gateway:
              providers:
                mock:
                  kind: openai
                  base_url: \(upstream.baseURL)
              routes:
                refunds:
                  targets:
                    - { provider: mock, model: mock-model }
                  confidence: { auto: 0.8, reject: 0.4 }
                refunds-large:
                  targets:
                    - { provider: mock, model: mock-model }
                  confidence: { auto: 0.8, reject: 0.4 }
                  review:
                    mode: pre_action
                    sample_rate: 0
                    triggers:
                      - { kind: confidence_band, low: 0.5, high: 0.9, threshold: 0.7, risk: { compliance: 3 } }
                    policies: { medium: two_reviewers }
            """
        let configPath = directory + "/parapet.yaml"
        try config.write(toFile: configPath, atomically: true, encoding: .utf8)
        let server = try ServeProcess(dataDirectory: directory, adminKey: adminKey, extraArguments: ["--config", configPath])
        try await server.start()
        defer { server.kill(signal: SIGTERM) }

        var keys: [String: String] = [:]
        for (name, role) in [("app", "client"), ("alice", "reviewer"), ("bob", "reviewer")] {
            let (status, body) = try await HTTP.request("POST", server.baseURL + "/v1/admin/keys", key: adminKey, json: ["role": role, "name": name])
            #expect(status == 201)
            keys[name] = try #require(HTTP.object(body)["secret"] as? String)
        }

        let repository = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        let script = repository.appendingPathComponent("scripts/console_e2e.py").path
        let screenshot = ProcessInfo.processInfo.environment["PARAPET_CONSOLE_SCREENSHOT"] ?? directory + "/console.png"
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        process.arguments = [
            "python3", script, "--base-url", server.baseURL, "--client-key", try #require(keys["app"]),
            "--reviewer-key", try #require(keys["alice"]), "--reviewer2-key", try #require(keys["bob"]),
            "--model", "refunds", "--two-model", "refunds-large", "--screenshot", screenshot,
            "--chromium", chromium, "--chromedriver", chromedriver,
        ]
        let pipe = Pipe()
        process.standardOutput = pipe
        process.standardError = pipe
        try process.run()
        let output = String(decoding: pipe.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        print(output)
        #expect(process.terminationStatus == 0, "console checks failed:\n\(output)\nserver log:\n\(server.output)")
        #expect(output.contains("all console checks passed"))
        #expect(FileManager.default.fileExists(atPath: screenshot))
    }
}
