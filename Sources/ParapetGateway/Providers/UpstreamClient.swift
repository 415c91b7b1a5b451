import AsyncHTTPClient
import Foundation
import NIOCore
import NIOHTTP1
import NIOPosix

/// Outbound HTTP for one provider: a pooled `HTTPClient` with the provider's connect and read
/// (time-to-first-byte and idle) timeouts; every call also carries its total deadline. The API
/// key is read from the environment once and never logged or put in errors.
final class UpstreamClient: Sendable {
    let configuration: ProviderConfiguration
    private let client: HTTPClient
    private let fixedHeaders: HTTPHeaders
    /// Largest upstream body read into memory (non-streaming answers, error bodies).
    static let maxBodyBytes = 32 << 20

    init(configuration: ProviderConfiguration, authorization: (String) -> [(String, String)], environment: [String: String]) {
        self.configuration = configuration
        // Redirects are not followed: AsyncHTTPClient would resend our headers, and it strips
        // only `Authorization` when the origin changes, not `x-api-key` or configured headers.
        var http = HTTPClient.Configuration(
            redirectConfiguration: .disallow,
            timeout: .init(connect: Self.timeAmount(configuration.connectTimeout), read: Self.timeAmount(configuration.firstTokenTimeout)),
            connectionPool: .init(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 512))
        http.httpVersion = .automatic
        // No tracer until tracing is configured: AsyncHTTPClient otherwise opens a (no-op) span
        // and renders its attributes on every call (1.5 % of the gateway's CPU under load).
        http.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: http)
        var headers = HTTPHeaders()
        headers.add(name: "content-type", value: "application/json")
        headers.add(name: "user-agent", value: "parapet")
        if let env = configuration.apiKeyEnv, let key = environment[env], !key.isEmpty {
            for (name, value) in authorization(key) { headers.add(name: name, value: value) }
        }
        for (name, value) in configuration.headers.sorted(by: { $0.key < $1.key }) { headers.add(name: name, value: value) }
        self.fixedHeaders = headers
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A `NIODeadline` for a `ContinuousClock` instant.
    static func deadline(_ instant: ContinuousClock.Instant) -> NIODeadline {
        let remaining = ContinuousClock.now.duration(to: instant)
        return .now() + timeAmount(max(remaining, .zero))
    }

    /// POSTs `body` to `path` (relative to the base URL) and returns the response head; the body is
    /// left to the caller. Non-2xx answers are read and classified into a `ProviderError`.
    func post(_ path: String, body: [UInt8], deadline: ContinuousClock.Instant, extraHeaders: [(String, String)] = []) async throws(ProviderError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.method = .POST
        request.headers = fixedHeaders
        for (name, value) in extraHeaders { request.headers.replaceOrAdd(name: name, value: value) }
        request.body = .bytes(ByteBuffer(bytes: body))
        return try await send(request, deadline: deadline)
    }

    func get(_ path: String, deadline: ContinuousClock.Instant) async throws(ProviderError) -> HTTPClientResponse {
        var request = HTTPClientRequest(url: configuration.baseURL + path)
        request.headers = fixedHeaders
        return try await send(request, deadline: deadline)
    }

    private func send(_ request: HTTPClientRequest, deadline: ContinuousClock.Instant) async throws(ProviderError) -> HTTPClientResponse {
        guard ContinuousClock.now < deadline else { throw ProviderError(.timeout, "\(configuration.name): the deadline passed before the call") }
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, deadline: Self.deadline(deadline))
        } catch {
            throw ProviderError.transport(error, provider: configuration.name)
        }
        let status = Int(response.status.code)
        guard (200..<300).contains(status) else {
            let body = (try? await Self.collect(response, limit: 64 << 10, provider: configuration.name)) ?? []
            throw ProviderError.classify(status: status, headers: response.headers, body: body, provider: configuration.name)
        }
        return response
    }

    /// Reads the whole body (at most `limit` bytes).
    static func collect(_ response: HTTPClientResponse, limit: Int = maxBodyBytes, provider: String) async throws(ProviderError) -> [UInt8] {
        do {
            var buffer = try await response.body.collect(upTo: limit)
            return buffer.readBytes(length: buffer.readableBytes) ?? []
        } catch let error as NIOTooManyBytesError {
            throw ProviderError(.malformedResponse, "\(provider) answered with more than \(limit) bytes (\(error))")
        } catch {
            throw ProviderError.transport(error, provider: provider)
        }
    }

    func shutdown() async {
        try? await client.shutdown()
    }

    /// A client dropped without `shutdown()` (e.g. a router replaced by a reload, or a test)
    /// still closes its pool; the shutdown holds the `HTTPClient` until it has finished.
    deinit {
        client.shutdown { _ in }
    }
}
