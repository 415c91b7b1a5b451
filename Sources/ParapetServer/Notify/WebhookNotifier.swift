import Foundation
import Logging
import ParapetCore
import ServiceLifecycle
import Synchronization

/// Sends review events to the configured webhooks, signed, retried, and never in the way of a
/// request.
///
/// `notify` only queues: for each webhook that wants the event it puts one delivery (with an id
/// that stays the same across retries) in that webhook's bounded in-memory backlog and returns.
/// A full backlog drops its oldest delivery and logs an error with the count. `run()` — a
/// `Service` in the application's service group — works every webhook's backlog independently,
/// up to `concurrency` deliveries at a time per webhook, each one attempted until it is
/// delivered, refused or out of attempts (`WebhookRetryPolicy`). On graceful shutdown it stops
/// taking events and keeps sending what is queued for at most `drainTimeout`; whatever is still
/// pending then (or at a crash) is lost, and counted.
///
/// ```swift
/// let notifier = WebhookNotifier(targets: [WebhookTarget(endpoint: endpoint, secret: secret)], logger: logger)
/// let server = ParapetServerApp(…, notifier: notifier)
/// var app = server.makeApplication()
/// app.addServices(notifier, writer)   // first: stopped last, after the server has drained
/// ```
public final class WebhookNotifier: ReviewEventSink, Service {
    /// Sizes and times.
    public struct Settings: Sendable {
        /// Deliveries waiting per webhook before the oldest are dropped.
        public var capacity = 10_000
        /// Deliveries in flight (sending or waiting to retry) per webhook.
        public var concurrency = 4
        /// How long a graceful shutdown keeps sending what is pending.
        public var drainTimeout: Duration = .seconds(10)
        /// The first retry's delay bound; doubles per attempt up to `maxDelay` (full jitter).
        public var baseDelay: Duration = .milliseconds(500)
        public var maxDelay: Duration = .seconds(60)
        /// The longest `retry-after` honoured.
        public var maxRetryAfter: Duration = .seconds(300)
        /// The reviewer console, for links in Slack messages.
        public var consoleURL: String?

        public init() {}
    }

    /// What the notifier does to the world: tests replace these to run without waiting.
    public struct Dependencies: Sendable {
        public var transport: any WebhookTransport
        /// The clock of the signatures' timestamps.
        public var now: @Sendable () -> Date
        /// Waits between attempts (a retry's backoff).
        public var sleep: @Sendable (Duration) async throws -> Void
        /// A random number in 0…1: the jitter's draw.
        public var random: @Sendable () -> Double

        public init(
            transport: any WebhookTransport = HTTPWebhookTransport(), now: @escaping @Sendable () -> Date = { Date() },
            sleep: @escaping @Sendable (Duration) async throws -> Void = { try await Task.sleep(for: $0) },
            random: @escaping @Sendable () -> Double = { Double.random(in: 0...1) }
        ) {
            self.transport = transport
            self.now = now
            self.sleep = sleep
            self.random = random
        }
    }

    let lanes: [WebhookLane]
    private let settings: Settings
    private let dependencies: Dependencies
    private let logger: Logger
    private let started = Mutex(false)

    public init(targets: [WebhookTarget], settings: Settings = Settings(), dependencies: Dependencies = Dependencies(), logger: Logger) {
        self.settings = settings
        self.dependencies = dependencies
        self.logger = logger
        lanes = targets.map { target in
            let retry = WebhookRetryPolicy(
                maxAttempts: target.endpoint.maxAttempts, baseDelay: settings.baseDelay, maxDelay: settings.maxDelay, maxRetryAfter: settings.maxRetryAfter)
            return WebhookLane(target: target, retry: retry, capacity: settings.capacity)
        }
    }

    /// Queues `event` for every webhook that wants it; returns at once.
    public func notify(_ event: ReviewEvent) {
        for lane in lanes where lane.target.endpoint.accepts(event) {
            let delivery = WebhookDelivery(id: "whd_" + Hex.random(bytes: 12), event: event)
            switch lane.offer(delivery) {
            case .queued:
                break
            case .droppedOldest(let total):
                if total == 1 || total % 1_000 == 0 {
                    logger.error(
                        "webhook backlog of \(lane.target.endpoint.label) is full (\(settings.capacity)): dropped the oldest delivery, \(total) dropped so far")
                }
            case .closed(let total):
                if total == 1 { logger.error("webhook \(lane.target.endpoint.label): an event after shutdown was dropped") }
            }
        }
    }

    /// The counters, summed over the webhooks.
    public var statistics: WebhookStatistics {
        lanes.reduce(WebhookStatistics()) { $0 + $1.statistics }
    }

    private enum Ending: Sendable {
        case laneDone
        case drainTimeUp
        case cancelled
    }

    /// Sends until graceful shutdown (then drains for at most `drainTimeout`) or cancellation.
    /// Runs once; a second call returns at once.
    public func run() async throws {
        let first = started.withLock { started in
            defer { started = true }
            return !started
        }
        guard first else { return }
        let lanes = self.lanes
        let drainTimeout = settings.drainTimeout
        await withGracefulShutdownHandler {
            await withTaskGroup(of: Ending.self) { group in
                for lane in lanes {
                    group.addTask {
                        await self.work(lane)
                        return .laneDone
                    }
                }
                group.addTask {
                    do {
                        try await gracefulShutdown()
                        try await Task.sleep(for: drainTimeout)
                        return .drainTimeUp
                    } catch {
                        return .cancelled
                    }
                }
                var running = lanes.count
                while running > 0, let ending = await group.next() {
                    switch ending {
                    case .laneDone: running -= 1
                    case .drainTimeUp: group.cancelAll()
                    case .cancelled: break
                    }
                }
                group.cancelAll()
            }
        } onGracefulShutdown: {
            for lane in lanes { lane.close() }
        }
        var lost = 0
        for lane in lanes { lost += lane.abandonQueued() }
        let statistics = self.statistics
        if lost > 0 || statistics.abandoned > 0 {
            logger.error("webhooks stopped with \(statistics.abandoned) deliveries undelivered (pending or in flight when the drain time ran out)")
        }
    }

    /// One webhook's worker: takes deliveries as they come, up to `concurrency` at a time, until
    /// the lane is closed and empty (then waits for those in flight) or the task is cancelled.
    private func work(_ lane: WebhookLane) async {
        let limit = max(1, settings.concurrency)
        await withTaskGroup(of: Void.self) { group in
            var bell = lane.bell.makeAsyncIterator()
            var inFlight = 0
            while !Task.isCancelled {
                while inFlight < limit, let delivery = lane.take() {
                    group.addTask { await self.deliver(delivery, on: lane) }
                    inFlight += 1
                }
                if inFlight >= limit {
                    _ = await group.next()
                    inFlight -= 1
                    continue
                }
                if lane.isDrained { break }
                // Returns nil once the lane is closed (then the backlog empties) or on cancellation.
                if await bell.next() == nil, !lane.isDrained, Task.isCancelled { break }
            }
            await group.waitForAll()
        }
    }

    /// Attempts one delivery until it is delivered, refused, out of attempts, or cancelled.
    private func deliver(_ delivery: WebhookDelivery, on lane: WebhookLane) async {
        let target = lane.target
        let endpoint = target.endpoint
        let body = WebhookPayload.body(delivery.event, format: endpoint.format, consoleURL: settings.consoleURL)
        var attempt = 1
        while true {
            let timestamp = Int64(dependencies.now().timeIntervalSince1970.rounded(.down))
            let headers = [
                ("content-type", "application/json"),
                ("user-agent", "parapet-webhooks/1"),
                ("x-parapet-event", delivery.event.kind.rawValue),
                ("x-parapet-delivery", delivery.id),
                ("x-parapet-signature", WebhookSignature.header(body: body, secret: target.secret, timestamp: timestamp)),
            ]
            let result: WebhookRetryPolicy.Result
            do {
                let response = try await dependencies.transport.post(url: endpoint.url, headers: headers, body: body, timeout: endpoint.timeout)
                result = .status(response.status, retryAfter: response.retryAfter.flatMap { WebhookRetryPolicy.retryAfter($0, now: dependencies.now()) })
            } catch {
                if Task.isCancelled { return lane.finish(.abandoned) }
                result = .failed(String(describing: error))
            }
            switch lane.retry.next(after: attempt, result: result, unit: dependencies.random()) {
            case .delivered:
                return lane.finish(.delivered)
            case .retry(let delay):
                logger.debug("webhook \(delivery.id) to \(endpoint.label): attempt \(attempt) failed, retrying in \(delay)")
                do { try await dependencies.sleep(delay) } catch { return lane.finish(.abandoned) }
                if Task.isCancelled { return lane.finish(.abandoned) }
                attempt += 1
            case .giveUp(let reason):
                logger.error("webhook \(delivery.id) (\(delivery.event.kind.rawValue)) to \(endpoint.label) failed: \(reason)")
                return lane.finish(.failed)
            }
        }
    }
}
