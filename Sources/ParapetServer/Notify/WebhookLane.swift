import Synchronization

/// A webhook ready to send to: its settings and its secret (from the environment; never logged,
/// never part of `description`).
public struct WebhookTarget: Sendable, CustomStringConvertible {
    public var endpoint: WebhookEndpoint
    let secret: [UInt8]

    public init(endpoint: WebhookEndpoint, secret: [UInt8]) {
        self.endpoint = endpoint
        self.secret = secret
    }

    public var description: String { "WebhookTarget(\(endpoint.label), \(endpoint.format.rawValue))" }
}

/// One event on its way to one webhook. The id is stable across retries.
struct WebhookDelivery: Sendable {
    let id: String
    let event: ReviewEvent
}

/// Counters of a notifier (summed over its webhooks), for tests and diagnostics.
public struct WebhookStatistics: Sendable, Hashable {
    /// Waiting in the in-memory backlog.
    public var queued = 0
    /// Being sent or waiting for a retry.
    public var inFlight = 0
    /// Answered 2xx.
    public var delivered = 0
    /// Given up: refused (4xx), or every attempt failed.
    public var failed = 0
    /// Pushed out of a full backlog (the oldest first), or offered after shutdown.
    public var dropped = 0
    /// Pending or in flight when the shutdown's drain time ran out (lost).
    public var abandoned = 0

    public init() {}

    static func + (a: WebhookStatistics, b: WebhookStatistics) -> WebhookStatistics {
        var sum = WebhookStatistics()
        sum.queued = a.queued + b.queued
        sum.inFlight = a.inFlight + b.inFlight
        sum.delivered = a.delivered + b.delivered
        sum.failed = a.failed + b.failed
        sum.dropped = a.dropped + b.dropped
        sum.abandoned = a.abandoned + b.abandoned
        return sum
    }
}

/// The deliveries of one webhook: a bounded backlog behind a lock, and a doorbell that wakes the
/// lane's worker when something is queued. Each webhook has its own lane, so a slow or dead
/// receiver only ever delays its own deliveries.
final class WebhookLane: Sendable {
    /// How a delivery ended.
    enum Outcome {
        case delivered, failed, abandoned
    }

    /// What `offer` did.
    enum Offer: Equatable {
        case queued
        /// The backlog was full: the oldest delivery was dropped; `total` dropped so far.
        case droppedOldest(total: Int)
        /// The lane is closed (shutting down): the delivery was dropped.
        case closed(total: Int)
    }

    private struct State {
        var backlog: WebhookBacklog<WebhookDelivery>
        var open = true
        var statistics = WebhookStatistics()
    }

    let target: WebhookTarget
    let retry: WebhookRetryPolicy
    let bell: AsyncStream<Void>
    private let ring: AsyncStream<Void>.Continuation
    private let state: Mutex<State>

    init(target: WebhookTarget, retry: WebhookRetryPolicy, capacity: Int) {
        self.target = target
        self.retry = retry
        state = Mutex(State(backlog: WebhookBacklog(capacity: capacity)))
        (bell, ring) = AsyncStream.makeStream(of: Void.self, bufferingPolicy: .bufferingNewest(1))
    }

    /// Queues a delivery and wakes the worker; never waits.
    func offer(_ delivery: WebhookDelivery) -> Offer {
        let offer: Offer = state.withLock { state in
            guard state.open else {
                state.statistics.dropped += 1
                return .closed(total: state.statistics.dropped)
            }
            if state.backlog.push(delivery) != nil {
                state.statistics.dropped += 1
                return .droppedOldest(total: state.statistics.dropped)
            }
            return .queued
        }
        ring.yield()
        return offer
    }

    /// The oldest queued delivery, now counted in flight.
    func take() -> WebhookDelivery? {
        state.withLock { state in
            guard let delivery = state.backlog.pop() else { return nil }
            state.statistics.inFlight += 1
            return delivery
        }
    }

    /// Counts a delivery taken with `take` as ended.
    func finish(_ outcome: Outcome) {
        state.withLock { state in
            state.statistics.inFlight -= 1
            switch outcome {
            case .delivered: state.statistics.delivered += 1
            case .failed: state.statistics.failed += 1
            case .abandoned: state.statistics.abandoned += 1
            }
        }
    }

    /// Stops accepting deliveries (the queued ones are still sent) and ends the doorbell, so the
    /// worker stops once the backlog is empty.
    func close() {
        state.withLock { $0.open = false }
        ring.finish()
    }

    /// Whether the lane is closed with nothing queued.
    var isDrained: Bool { state.withLock { !$0.open && $0.backlog.isEmpty } }

    /// Drops what is still queued (the shutdown's time ran out); returns how many.
    func abandonQueued() -> Int {
        state.withLock { state in
            let n = state.backlog.removeAll()
            state.statistics.abandoned += n
            return n
        }
    }

    var statistics: WebhookStatistics {
        state.withLock { state in
            var statistics = state.statistics
            statistics.queued = state.backlog.count
            return statistics
        }
    }
}
