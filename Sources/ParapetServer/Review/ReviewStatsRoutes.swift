import Foundation
import Hummingbird
import Logging
import ParapetReview
import ParapetStore

/// One tenant's review feedback loop over a period, read from the stores: the review items
/// created in the period (`ReviewQueue`) against the gateway calls of the period
/// (`AuditLog.callCounts`), through `ReviewStatistics.compute`. Serves `GET /v1/review/stats`,
/// `GET /v1/review/export`, `parapet review stats|export` and the reviewer console's stats page.
///
/// ```swift
/// let source = ReviewStatsSource(queue: stores.reviews, audit: stores.audit)
/// let stats = try await source.statistics(tenant: "acme", since: weekAgo, until: now)
/// ```
public struct ReviewStatsSource: Sendable {
    public let queue: any ReviewQueue
    public let audit: any AuditLog
    /// The limits behind the flags.
    public var thresholds: ReviewStatistics.Thresholds

    /// Resolved items are read this many at a time.
    static let pageSize = 1_000
    /// At most this many pending items are read (the queue of one tenant; people work it).
    static let pendingLimit = 100_000

    public init(queue: any ReviewQueue, audit: any AuditLog, thresholds: ReviewStatistics.Thresholds = .init()) {
        self.queue = queue
        self.audit = audit
        self.thresholds = thresholds
    }

    /// The statistics of the items `tenant`'s gateway calls put in the queue in
    /// `since..<until`, with the escalation rates taken against the calls of the same period.
    public func statistics(tenant: String, since: Date, until: Date) async throws -> ReviewStatistics {
        async let calls = audit.callCounts(tenant: tenant, since: since, until: until)
        let items = try await items(tenant: tenant, since: since, until: until)
        let counts = try await calls
        return ReviewStatistics.compute(
            items: items, callsPerRoute: counts.perRoute, callsPerTaskType: counts.perTaskType, thresholds: thresholds)
    }

    /// The reviewed items created in `since..<until` as `parapet calibrate` samples, one JSON
    /// Lines line each (`{"score":0.62,"correct":true}`, without the newline), oldest first.
    public func calibrationLines(tenant: String, since: Date, until: Date) async throws -> [String] {
        ReviewStatistics.calibrationExport(items: try await items(tenant: tenant, since: since, until: until))
    }

    /// `tenant`'s items created in `since..<until`, oldest first, without what the statistics
    /// never read (request, suggestion, findings, reasoning, bodies and comments), so that a
    /// busy period fits in memory.
    ///
    /// The queue lists pending items and resolved ones by resolution time; an item created in the
    /// period was resolved at or after `since`, so paging the resolved items from `since` finds
    /// it. Pending items are read first: an item resolved in between then shows up in both lists
    /// and its resolved form wins.
    public func items(tenant: String, since: Date, until: Date) async throws -> [ReviewItem] {
        func inPeriod(_ item: ReviewItem) -> Bool { item.createdAt >= since && item.createdAt < until }
        var byID: [String: ReviewItem] = [:]
        for item in try await queue.pending(tenant: tenant, limit: Self.pendingLimit, now: .distantPast) where inPeriod(item) {
            byID[item.id] = Self.slim(item)
        }
        var cursor = since
        var limit = Self.pageSize
        while true {
            let page = try await queue.resolved(tenant: tenant, since: cursor, limit: limit)
            for item in page where inPeriod(item) { byID[item.id] = Self.slim(item) }
            guard page.count == limit, let last = page.last?.resolvedAt else { break }
            // A full page resolved at one instant (an expiry sweep) would not move the cursor:
            // read a longer page from the same place instead.
            if last > cursor { cursor = last } else { limit *= 2 }
        }
        return byID.values.sorted { $0.createdAt != $1.createdAt ? $0.createdAt < $1.createdAt : $0.id < $1.id }
    }

    /// The item without the fields the statistics and the export do not read.
    static func slim(_ item: ReviewItem) -> ReviewItem {
        var item = item
        item.request = []
        item.suggestion = []
        item.findings = []
        item.reasoning = nil
        item.finalBody = nil
        for index in item.decisions.indices {
            item.decisions[index].editedBody = nil
            item.decisions[index].comment = nil
        }
        return item
    }
}

/// `GET /v1/review/stats` and `GET /v1/review/export` (reviewers and admins, own tenant).
///
/// Both take `since` and `until` (RFC 3339; the period holds `since` and excludes `until`), by
/// default the 7 days before now. Stats answer the `ReviewStatistics` JSON with the period
/// (`object: "review.stats"`); the export answers the period's reviewed items as `parapet
/// calibrate` JSON Lines (`application/jsonl`, possibly empty).
struct ReviewStatsRoutes: Sendable {
    let source: ReviewStatsSource
    let logger: Logger
    /// The period without `since`.
    static let defaultPeriod: TimeInterval = 7 * 86_400

    func register(on reviewer: RouterGroup<ParapetRequestContext>) {
        reviewer.get("review/stats") { request, context in try await stats(request, context: context) }
        reviewer.get("review/export") { request, context in try await export(request, context: context) }
    }

    func stats(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let period = try Self.period(from: request.uri.queryParameters, now: Date())
        let statistics = try await store { try await source.statistics(tenant: caller.tenant, since: period.since, until: period.until) }
        return try JSONResponse.encode(ReviewStatsReport(since: period.since, until: period.until, statistics: statistics))
    }

    func export(_ request: Request, context: ParapetRequestContext) async throws -> Response {
        let caller = try context.requireKey()
        let period = try Self.period(from: request.uri.queryParameters, now: Date())
        let lines = try await store { try await source.calibrationLines(tenant: caller.tenant, since: period.since, until: period.until) }
        var headers = HTTPFields()
        headers[.contentType] = "application/jsonl"
        let text = lines.map { $0 + "\n" }.joined()
        return Response(status: .ok, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: text)))
    }

    /// The period of the query: `since` and `until` (RFC 3339), each at most once, nothing else;
    /// `until` defaults to `now` and `since` to 7 days before `until`. 400 naming the parameter.
    static func period(from parameters: Parameters, now: Date) throws -> (since: Date, until: Date) {
        var since: Date?
        var until: Date?
        var seen: Set<String> = []
        for (name, value) in parameters {
            let name = String(name)
            guard seen.insert(name).inserted else {
                throw APIError.invalidRequest("\(name) is given more than once", param: name, code: "duplicate_parameter")
            }
            switch name {
            case "since", "until":
                guard let date = RFC3339.parse(String(value)) else {
                    throw APIError.invalidRequest("\(name) must be an RFC 3339 date-time such as 2025-01-31T12:00:00Z", param: name, code: "invalid_value")
                }
                if name == "since" { since = date } else { until = date }
            default:
                throw APIError.invalidRequest("unknown query parameter \(name)", param: name, code: "unknown_parameter")
            }
        }
        let end = until ?? now
        let start = since ?? end.addingTimeInterval(-defaultPeriod)
        guard start <= end else { throw APIError.invalidRequest("until must not be before since", param: "until", code: "invalid_value") }
        return (start, end)
    }

    /// A store call; its failure is a 503, logged.
    private func store<T>(_ body: () async throws -> T) async throws -> T {
        do {
            return try await body()
        } catch {
            logger.error("review statistics failed: \(error)")
            throw APIError.unavailable
        }
    }
}

/// Review statistics with their period, as `GET /v1/review/stats` and `parapet review stats
/// --json` write them: `{"object":"review.stats","since","until","routes",…}`.
public struct ReviewStatsReport: Encodable, Sendable {
    public var since: Date
    public var until: Date
    public var statistics: ReviewStatistics

    public init(since: Date, until: Date, statistics: ReviewStatistics) {
        self.since = since
        self.until = until
        self.statistics = statistics
    }

    enum CodingKeys: String, CodingKey {
        case object, since, until
    }

    public func encode(to encoder: any Encoder) throws {
        try statistics.encode(to: encoder)
        var container = encoder.container(keyedBy: CodingKeys.self)
        try container.encode("review.stats", forKey: .object)
        try container.encode(RFC3339.format(since), forKey: .since)
        try container.encode(RFC3339.format(until), forKey: .until)
    }
}
