import Foundation
import Synchronization
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif

/// A `parapet serve` child process on a free port with its own data directory.
final class ServeProcess: @unchecked Sendable {
    let process = Process()
    let port: Int
    let dataDirectory: String
    let adminKey: String
    private let log: URL

    init(dataDirectory: String, adminKey: String, port: Int? = nil, extraArguments: [String] = []) throws {
        self.dataDirectory = dataDirectory
        self.adminKey = adminKey
        self.port = port ?? Self.unusedPort()
        log = URL(fileURLWithPath: dataDirectory).appendingPathComponent("serve-\(self.port)-\(UUID().uuidString).log")
        _ = FileManager.default.createFile(atPath: log.path, contents: nil)
        process.executableURL = CLIRunner.executable
        process.arguments = ["serve", "--port", String(self.port), "--data", dataDirectory] + extraArguments
        var env = ProcessInfo.processInfo.environment
        env["PARAPET_ADMIN_KEY"] = adminKey
        process.environment = env
        let handle = try FileHandle(forWritingTo: log)
        process.standardOutput = handle
        process.standardError = handle
    }

    var baseURL: String { "http://127.0.0.1:\(port)" }

    /// Ports handed out so far in this test run: no two servers get the same one.
    private static let handedOut = Mutex<Set<Int>>([])

    /// A random port below Linux's ephemeral range (32768–60999), so that no outgoing connection
    /// of a test running in parallel holds it as its local port when the server binds.
    static func unusedPort() -> Int {
        handedOut.withLock { taken in
            var port = Int.random(in: 20_000...32_000)
            while taken.contains(port) { port = Int.random(in: 20_000...32_000) }
            taken.insert(port)
            return port
        }
    }

    var output: String { (try? String(contentsOf: log, encoding: .utf8)) ?? "" }

    /// Starts the process and waits until `/readyz` answers 200.
    func start() async throws {
        try process.run()
        for _ in 0..<300 {
            if let (status, _) = try? await HTTP.request("GET", baseURL + "/readyz"), status == 200 { return }
            if !process.isRunning { break }
            try await Task.sleep(for: .milliseconds(50))
        }
        throw ServeError(message: "server did not become ready: \(output)")
    }

    func kill(signal: Int32) {
        Foundation.kill(process.processIdentifier, signal)
        process.waitUntilExit()
    }

    struct ServeError: Error { var message: String }
}

/// Minimal HTTP for tests.
enum HTTP {
    static let session: URLSession = {
        let config = URLSessionConfiguration.ephemeral
        config.timeoutIntervalForRequest = 10
        config.httpMaximumConnectionsPerHost = 16
        return URLSession(configuration: config)
    }()

    static func request(_ method: String, _ url: String, key: String? = nil, json: Any? = nil) async throws -> (Int, Data) {
        guard let u = URL(string: url) else { throw URLError(.badURL) }
        var request = URLRequest(url: u)
        request.httpMethod = method
        if let key { request.setValue("Bearer \(key)", forHTTPHeaderField: "Authorization") }
        if let json {
            request.httpBody = try JSONSerialization.data(withJSONObject: json)
            request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        }
        let (data, response) = try await session.data(for: request)
        return ((response as? HTTPURLResponse)?.statusCode ?? 0, data)
    }

    static func object(_ data: Data) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] ?? [:]
    }
}

func temporaryDirectory() throws -> String {
    let path = FileManager.default.temporaryDirectory.appendingPathComponent("parapet-cli-\(UUID().uuidString)").path
    try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    return path
}

/// Whether `python3 -c "import <modules>"` succeeds: the Python-driven tests run only then (or
/// fail when CI requires them).
func pythonImports(_ modules: String) -> Bool {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3", "-c", "import " + modules]
    process.standardOutput = FileHandle.nullDevice
    process.standardError = FileHandle.nullDevice
    do { try process.run() } catch { return false }
    process.waitUntilExit()
    return process.terminationStatus == 0
}
