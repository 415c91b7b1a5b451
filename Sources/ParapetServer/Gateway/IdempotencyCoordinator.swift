import Crypto
import Foundation
import HTTPTypes
import Hummingbird
import ParapetGateway
import Logging
import NIOCore
import ParapetCore
import ParapetStore
import Synchronization

/// `Idempotency-Key`: the first request with a key runs; later ones with the same key and body
/// get its stored response (`x-parapet-idempotent-replay: true`); the same key with another body
/// is a 409; a duplicate that arrives while the first runs waits for its result (up to the
/// configured wait), so there is never a second upstream call.
///
/// Responses with a status of 500 or above are not stored: the key is freed so that a retry can
/// succeed. Streaming requests cannot use a key (their answer is not stored).
struct IdempotencyCoordinator: Sendable {
    let store: any IdempotencyStore
    let settings: IdempotencySettings
    let inFlight: InFlightRegistry
    let logger: Logger

    static let header = HTTPField.Name("Idempotency-Key") ?? .via
    static let replayHeader = HTTPField.Name("x-parapet-idempotent-replay") ?? .via

    /// The validated key of a request, or nil when it has none.
    static func key(_ headers: HTTPFields) throws -> String? {
        guard let value = headers[header] else { return nil }
        guard !value.isEmpty, value.utf8.count <= 255, value.utf8.allSatisfy({ (0x21...0x7E).contains($0) }) else {
            throw APIError.invalidRequest("Idempotency-Key must be 1 to 255 visible ASCII characters", param: "Idempotency-Key", code: "invalid_idempotency_key")
        }
        return value
    }

    /// Hex SHA-256 of the endpoint and the raw body: "the same request".
    static func requestHash(path: String, body: [UInt8]) -> String {
        var hasher = SHA256()
        hasher.update(data: Array(path.utf8))
        hasher.update(data: [0])
        hasher.update(data: body)
        return Hex.encode(hasher.finalize())
    }

    func run(tenant: String, key: String, requestHash: String, _ body: () async throws -> Response) async throws -> Response {
        let id = tenant + "\u{0}" + key
        let deadline = ContinuousClock.now.advanced(by: settings.wait)
        var pause: Duration = .milliseconds(5)
        while true {
            let now = Date()
            let claim: IdempotencyClaim
            do {
                claim = try await store.claim(tenant: tenant, key: key, requestHash: requestHash, now: now, expiresAt: now.addingTimeInterval(settings.ttl.inSeconds))
            } catch {
                logger.error("idempotency store failed: \(error)")
                throw APIError.unavailable
            }
            switch claim {
            case .claimed:
                inFlight.begin(id)
                defer { inFlight.finish(id) }
                return try await runFirst(tenant: tenant, key: key, body)
            case .completed(let stored):
                return Self.replay(stored)
            case .mismatch:
                throw APIError.gateway(
                    .conflict, type: "idempotency_error", "Idempotency-Key \(key) was already used with a different request body", param: "Idempotency-Key",
                    code: "idempotency_key_reused")
            case .inFlight:
                guard ContinuousClock.now < deadline else {
                    throw APIError.gateway(
                        .conflict, type: "idempotency_error", "a request with Idempotency-Key \(key) is still in progress; retry later", param: "Idempotency-Key",
                        code: "idempotency_in_progress")
                }
                if inFlight.isRunning(id) {
                    await inFlight.wait(id, until: deadline)
                } else {
                    // Running in another process: poll the store.
                    try? await Task.sleep(for: min(pause, deadline - .now))
                    pause = min(pause * 2, .milliseconds(200))
                }
            }
        }
    }

    private func runFirst(tenant: String, key: String, _ body: () async throws -> Response) async throws -> Response {
        let response: Response
        do {
            response = try await body()
        } catch {
            try? await store.abandon(tenant: tenant, key: key)
            throw error
        }
        let bytes = CollectingWriter.Bytes()
        do {
            try await response.body.write(CollectingWriter(bytes: bytes))
        } catch {
            try? await store.abandon(tenant: tenant, key: key)
            throw error
        }
        let stored = StoredResponse(
            status: Int(response.status.code),
            headers: response.headers.map { StoredHeader(name: $0.name.canonicalName, value: $0.value) },
            body: bytes.value)
        do {
            if stored.status >= 500 {
                try await store.abandon(tenant: tenant, key: key)
            } else {
                try await store.complete(tenant: tenant, key: key, response: stored)
            }
        } catch {
            logger.error("idempotency store failed to keep a response: \(error)")
        }
        return Response(status: response.status, headers: response.headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: bytes.value)))
    }

    static func replay(_ stored: StoredResponse) -> Response {
        var headers = HTTPFields()
        for header in stored.headers {
            if let name = HTTPField.Name(header.name) { headers.append(HTTPField(name: name, value: header.value)) }
        }
        headers[replayHeader] = "true"
        return Response(status: HTTPResponse.Status(code: stored.status), headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(bytes: stored.body)))
    }
}

/// Collects a response body (non-streaming responses only: they are one buffer).
struct CollectingWriter: ResponseBodyWriter {
    final class Bytes: Sendable {
        let storage = Mutex<[UInt8]>([])
        var value: [UInt8] { storage.withLock { $0 } }
    }

    let bytes: Bytes

    mutating func write(_ buffer: ByteBuffer) async throws {
        bytes.storage.withLock { $0 += buffer.readableBytesView }
    }

    consuming func finish(_ trailingHeaders: HTTPFields?) async throws {}
}

/// Requests with an idempotency key running in this process, and the duplicates waiting for them.
final class InFlightRegistry: Sendable {
    private let state = Mutex([String: [UInt64: CheckedContinuation<Void, Never>]]())
    private let counter = Atomic<UInt64>(0)

    func begin(_ id: String) {
        state.withLock { $0[id] = [:] }
    }

    func isRunning(_ id: String) -> Bool {
        state.withLock { $0[id] != nil }
    }

    /// Ends `id` and wakes everyone waiting for it.
    func finish(_ id: String) {
        let waiters = state.withLock { $0.removeValue(forKey: id) } ?? [:]
        for waiter in waiters.values { waiter.resume() }
    }

    /// Returns when `id` finishes or at `deadline`, whichever is first (no task outlives it).
    func wait(_ id: String, until deadline: ContinuousClock.Instant) async {
        let token = counter.add(1, ordering: .relaxed).newValue
        await withTaskGroup(of: Void.self) { group in
            group.addTask { await self.park(id, token: token) }
            group.addTask { try? await Task.sleep(until: deadline) }
            await group.next()
            group.cancelAll()
        }
    }

    /// Suspends until `finish(id)`, or until the task is cancelled.
    private func park(_ id: String, token: UInt64) async {
        await withTaskCancellationHandler {
            await withCheckedContinuation { (continuation: CheckedContinuation<Void, Never>) in
                let registered = state.withLock { state -> Bool in
                    guard state[id] != nil else { return false }
                    state[id, default: [:]][token] = continuation
                    return true
                }
                guard registered else { return continuation.resume() }
                // Cancelled before the waiter was registered: the handler found nothing to resume.
                if Task.isCancelled { timeOut(id, token: token) }
            }
        } onCancel: {
            self.timeOut(id, token: token)
        }
    }

    private func timeOut(_ id: String, token: UInt64) {
        let waiter = state.withLock { $0[id]?.removeValue(forKey: token) }
        waiter?.resume()
    }
}
