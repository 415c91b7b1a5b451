/// The handoff pattern an item belongs to.
public enum ReviewKind: String, Sendable, Hashable, Codable, CaseIterable {
    /// The response (or tool call) is held until the item is resolved.
    case preAction = "pre_action"
    /// The response was delivered; the item samples it for a later look.
    case postAudit = "post_audit"
}
