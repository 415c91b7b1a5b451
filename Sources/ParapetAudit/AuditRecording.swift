import ParapetStore

/// Where the server sends decisions to be audited.
public protocol AuditRecording: Sendable {
    /// Seals and stores `entry`; returns only once the record is durable.
    func record(_ entry: AuditEntry) async throws -> AuditRecord
}

/// An error from the audit writer.
public struct AuditWriterError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }

    static let stopped = AuditWriterError("the audit writer has stopped; no record can be written")
}
