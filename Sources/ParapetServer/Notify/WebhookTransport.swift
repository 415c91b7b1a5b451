import AsyncHTTPClient
import Foundation
import NIOCore

/// What a receiver answered to one POST.
public struct WebhookResponse: Sendable, Hashable {
    public var status: Int
    /// The `retry-after` header, as sent.
    public var retryAfter: String?

    public init(status: Int, retryAfter: String? = nil) {
        self.status = status
        self.retryAfter = retryAfter
    }
}

/// Sends one webhook attempt. Throws when there is no answer (connection refused or reset, TLS,
/// DNS, the `timeout` ran out); any HTTP status is an answer. Cancellation must end the attempt.
public protocol WebhookTransport: Sendable {
    func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse
}

/// POSTs with AsyncHTTPClient (`HTTPClient.shared` unless given another client). The deadline
/// covers the whole attempt: connecting, the answer's head and reading (at most 64 KiB of) its
/// body, which is discarded.
public struct HTTPWebhookTransport: WebhookTransport {
    let client: HTTPClient

    public init(client: HTTPClient = .shared) {
        self.client = client
    }

    public func post(url: String, headers: [(String, String)], body: [UInt8], timeout: Duration) async throws -> WebhookResponse {
        var draft = HTTPClientRequest(url: url)
        draft.method = .POST
        for (name, value) in headers { draft.headers.add(name: name, value: value) }
        draft.body = .bytes(ByteBuffer(bytes: body))
        let request = draft
        let client = self.client
        return try await withThrowingTaskGroup(of: WebhookResponse?.self) { group in
            group.addTask {
                let response = try await client.execute(request, timeout: .nanoseconds(timeout.nanoseconds))
                let answer = WebhookResponse(status: Int(response.status.code), retryAfter: response.headers.first(name: "retry-after"))
                // Drained so the connection can be reused; a body too large only costs the connection.
                _ = try? await response.body.collect(upTo: 64 << 10)
                return answer
            }
            group.addTask {
                try await Task.sleep(for: timeout)
                return nil
            }
            defer { group.cancelAll() }
            guard let first = try await group.next(), let answer = first else { throw WebhookTimeout(timeout: timeout) }
            return answer
        }
    }
}

/// An attempt that got no complete answer within its deadline.
public struct WebhookTimeout: Error, Sendable, CustomStringConvertible {
    public var timeout: Duration
    public var description: String { "no answer within \(timeout)" }
}

extension Duration {
    /// Whole nanoseconds (saturating), for NIO's `TimeAmount`.
    fileprivate var nanoseconds: Int64 {
        let (seconds, attoseconds) = components
        let (product, overflow) = seconds.multipliedReportingOverflow(by: 1_000_000_000)
        return overflow ? .max : product.addingReportingOverflow(attoseconds / 1_000_000_000).partialValue
    }
}
