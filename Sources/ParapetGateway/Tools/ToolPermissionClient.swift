import AsyncHTTPClient
import NIOCore
import NIOHTTP1
import NIOPosix
import ParapetGuards

/// Asks permission services over HTTP whether an object is flagged: POSTs the query's JSON
/// (`{"tenant","tool","argument","value","user","role"}`) and reads
/// `{"flagged": true|false, "reason"?: "…"}`. The whole exchange races the service's deadline
/// (50 ms by default): a late answer, a connection error, a non-2xx status or an unreadable body
/// is a `.failed` answer saying which, never an error. Redirects are not followed.
public final class ToolPermissionClient: ToolPermissionChecking {
    private let client: HTTPClient

    /// A client with its own connection pool (kept alive between checks). A failed connection
    /// is not retried: within a 50 ms budget a retry cannot help, and the reason should say
    /// "could not be reached", not "no answer in time".
    public init() {
        var pool = HTTPClient.Configuration.ConnectionPool(idleTimeout: .seconds(60), concurrentHTTP1ConnectionsPerHostSoftLimit: 64)
        pool.retryConnectionEstablishment = false
        var configuration = HTTPClient.Configuration(
            redirectConfiguration: .disallow, timeout: .init(connect: .seconds(2), read: .seconds(10)), connectionPool: pool)
        configuration.httpVersion = .http1Only
        configuration.tracing.tracer = nil
        self.client = HTTPClient(eventLoopGroup: MultiThreadedEventLoopGroup.singleton, configuration: configuration)
    }

    public func check(_ query: ToolPermissionQuery) async -> ToolPermissionAnswer {
        let timeout = query.service.timeout
        return await withTaskGroup(of: ToolPermissionAnswer?.self) { group in
            group.addTask { await self.ask(query, deadline: .now() + Self.timeAmount(timeout)) }
            group.addTask {
                try? await Task.sleep(for: timeout)
                return nil
            }
            // The first to finish decides: the answer, or nil from the timer.
            let first = await group.next() ?? nil
            group.cancelAll()
            return first ?? .failed(.timeout(timeout))
        }
    }

    private func ask(_ query: ToolPermissionQuery, deadline: NIODeadline) async -> ToolPermissionAnswer {
        var request = HTTPClientRequest(url: query.service.url)
        request.method = .POST
        request.headers.add(name: "content-type", value: "application/json")
        request.headers.add(name: "user-agent", value: "parapet")
        request.body = .bytes(ByteBuffer(bytes: query.body))
        do {
            let response = try await client.execute(request, deadline: deadline)
            var buffer = try await response.body.collect(upTo: ToolPermissionAnswer.maxBodyBytes)
            let body = buffer.readBytes(length: buffer.readableBytes) ?? []
            return ToolPermissionAnswer.parse(status: Int(response.status.code), body: body)
        } catch let error as HTTPClientError {
            switch error {
            case .readTimeout, .deadlineExceeded, .connectTimeout, .writeTimeout, .cancelled:
                return .failed(.timeout(query.service.timeout))
            default:
                return .failed(.unreachable("\(error)"))
            }
        } catch is NIOTooManyBytesError {
            return .failed(.malformed("the body is larger than \(ToolPermissionAnswer.maxBodyBytes) bytes"))
        } catch is CancellationError {
            return .failed(.timeout(query.service.timeout))
        } catch {
            return .failed(.unreachable("\(error)"))
        }
    }

    static func timeAmount(_ duration: Duration) -> TimeAmount {
        let (seconds, attoseconds) = duration.components
        return .nanoseconds(seconds * 1_000_000_000 + attoseconds / 1_000_000_000)
    }

    /// A client dropped without `shutdown()` still closes its pool.
    deinit {
        client.shutdown { _ in }
    }

    /// Closes the connection pool.
    public func shutdown() async {
        try? await client.shutdown()
    }
}
