import Synchronization

/// Answers by meaning: per tenant and route, the embeddings of earlier prompts with their answers;
/// a prompt whose embedding has cosine similarity at or above the threshold with a stored one gets
/// that answer. Bounded per tenant and route, least recently used first out. Kept in memory: the
/// vectors are rebuilt as traffic flows after a restart.
public final class SemanticCache: Sendable {
    public struct Hit: Sendable, Equatable {
        public var body: [UInt8]
        public var similarity: Double
    }

    /// Counters for the admin view.
    public struct Stats: Sendable, Hashable, Encodable {
        public var lookups = 0
        public var hits = 0
        public var stores = 0
        public var evictions = 0
        public var entries = 0
        /// Mean similarity of the hits.
        public var meanHitSimilarity: Double?
        var similaritySum = 0.0

        public var hitRate: Double? { lookups == 0 ? nil : Double(hits) / Double(lookups) }

        enum CodingKeys: String, CodingKey {
            case lookups, hits, stores, evictions, entries
            case meanHitSimilarity = "mean_hit_similarity"
            case hitRate = "hit_rate"
        }

        public func encode(to encoder: any Encoder) throws {
            var c = encoder.container(keyedBy: CodingKeys.self)
            try c.encode(lookups, forKey: .lookups)
            try c.encode(hits, forKey: .hits)
            try c.encode(stores, forKey: .stores)
            try c.encode(evictions, forKey: .evictions)
            try c.encode(entries, forKey: .entries)
            try c.encode(meanHitSimilarity, forKey: .meanHitSimilarity)
            try c.encode(hitRate, forKey: .hitRate)
        }
    }

    private struct Entry {
        var vector: [Float]
        var body: [UInt8]
        var expires: ContinuousClock.Instant
        var used: UInt64
    }

    private struct Partition {
        var entries: [Entry] = []
    }

    private struct State {
        var partitions: [String: Partition] = [:]
        var clock: UInt64 = 0
        var stats: [String: Stats] = [:]
    }

    private let state = Mutex(State())

    public init() {}

    static func partition(tenant: String, route: String) -> String { tenant + "\u{0}" + route }

    /// The best fresh entry at or above `threshold`, if any.
    public func lookup(tenant: String, route: String, vector: [Float], threshold: Double, now: ContinuousClock.Instant = .now) -> Hit? {
        let query = Self.normalized(vector)
        let key = Self.partition(tenant: tenant, route: route)
        return state.withLock { state -> Hit? in
            state.clock += 1
            var stats = state.stats[route] ?? Stats()
            stats.lookups += 1
            defer { state.stats[route] = stats }
            guard var partition = state.partitions[key] else { return nil }
            partition.entries.removeAll { $0.expires <= now }
            var best: (index: Int, similarity: Double)?
            for (index, entry) in partition.entries.enumerated() where entry.vector.count == query.count {
                let similarity = Self.dot(entry.vector, query)
                if similarity >= threshold, similarity > (best?.similarity ?? -2) { best = (index, similarity) }
            }
            defer { state.partitions[key] = partition }
            guard let best else { return nil }
            partition.entries[best.index].used = state.clock
            stats.hits += 1
            stats.similaritySum += best.similarity
            stats.meanHitSimilarity = stats.similaritySum / Double(stats.hits)
            return Hit(body: partition.entries[best.index].body, similarity: best.similarity)
        }
    }

    public func store(tenant: String, route: String, vector: [Float], body: [UInt8], ttl: Duration, maxEntries: Int, now: ContinuousClock.Instant = .now) {
        let normalized = Self.normalized(vector)
        guard !normalized.isEmpty else { return }
        let key = Self.partition(tenant: tenant, route: route)
        state.withLock { state in
            state.clock += 1
            var partition = state.partitions[key] ?? Partition()
            var stats = state.stats[route] ?? Stats()
            partition.entries.removeAll { $0.expires <= now }
            while partition.entries.count >= max(1, maxEntries), let oldest = partition.entries.indices.min(by: { partition.entries[$0].used < partition.entries[$1].used }) {
                partition.entries.remove(at: oldest)
                stats.evictions += 1
            }
            partition.entries.append(Entry(vector: normalized, body: body, expires: now.advanced(by: ttl), used: state.clock))
            stats.stores += 1
            state.partitions[key] = partition
            state.stats[route] = stats
        }
    }

    /// Counters per route (all tenants together: no tenant sees another's prompts through them).
    public func stats() -> [String: Stats] {
        state.withLock { state in
            var result = state.stats
            for (key, partition) in state.partitions {
                let route = String(key.split(separator: "\u{0}", maxSplits: 1, omittingEmptySubsequences: false).last ?? "")
                result[route, default: Stats()].entries += partition.entries.count
            }
            return result
        }
    }

    static func normalized(_ vector: [Float]) -> [Float] {
        var norm: Float = 0
        for value in vector { norm += value * value }
        guard norm > 0, norm.isFinite else { return [] }
        let scale = 1 / norm.squareRoot()
        return vector.map { $0 * scale }
    }

    static func dot(_ a: [Float], _ b: [Float]) -> Double {
        var sum: Float = 0
        for i in 0..<min(a.count, b.count) { sum += a[i] * b[i] }
        return Double(sum)
    }
}
