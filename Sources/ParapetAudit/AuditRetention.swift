import Foundation
import ParapetStore

/// Deletes audit records older than the retention period without breaking verification: it
/// deletes only up to a signed checkpoint, which then anchors the remaining chain.
public struct AuditRetention: Sendable {
    /// How long records are kept; 180 days by default (EU AI Act Article 12 minimum).
    public var period: Duration

    public static let defaultDays = 180

    public init(days: Int = AuditRetention.defaultDays) {
        self.period = .seconds(Int64(max(1, days)) * 86_400)
    }

    /// What one pass deleted.
    public struct Outcome: Sendable, Hashable {
        public var deletedRecords: Int
        /// The checkpoint that now anchors the chain, if anything was deleted.
        public var anchor: Int64?
    }

    /// Deletes records up to the newest checkpoint older than `now - period`. Records between that
    /// checkpoint and the cutoff stay until the next checkpoint ages out.
    public func apply(to log: any AuditLog, now: Date = Date()) async throws -> Outcome {
        let seconds = Double(period.components.seconds)
        let cutoff = now.addingTimeInterval(-seconds)
        let checkpoints = try await log.checkpoints()
        guard let anchor = checkpoints.last(where: { $0.time < cutoff }) else {
            return Outcome(deletedRecords: 0, anchor: nil)
        }
        // Nothing to do when the anchor is already the oldest thing kept.
        if let first = try await log.scan(after: 0, limit: 1).first, first.sequence > anchor.sequence {
            return Outcome(deletedRecords: 0, anchor: nil)
        }
        let deleted = try await log.deleteThrough(sequence: anchor.sequence)
        return Outcome(deletedRecords: deleted, anchor: anchor.sequence)
    }
}
