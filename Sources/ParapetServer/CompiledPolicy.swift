import Foundation
import ParapetCore
import ParapetGuards

/// A policy ready to decide: its prebuilt pipeline, its version and where it came from.
/// Immutable and shared by reference, so a request keeps the pipeline it started with even when
/// an admin swaps the policy meanwhile.
public final class CompiledPolicy: Sendable {
    /// The pipeline built from the policy (detectors, resolved rules, redactor).
    public let pipeline: GuardPipeline
    /// The policy document as uploaded; nil for the server's base policy.
    public let source: String?

    /// The version recorded with every decision.
    public var version: String { pipeline.policy.version }

    /// Wraps a pipeline.
    public init(pipeline: GuardPipeline, source: String?) {
        self.pipeline = pipeline
        self.source = source
    }
}
