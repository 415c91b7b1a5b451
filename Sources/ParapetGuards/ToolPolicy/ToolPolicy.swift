import ParapetCore

/// The declared tools and their rules: the value of the `tools:` config section.
///
/// ```yaml
/// tools:
///   refund_order:
///     parameters: { type: object, required: [order_id, amount],
///                   properties: { order_id: { type: integer }, amount: { type: number, minimum: 0 } } }
///     risk: { irreversible: true, blast_radius: single, compliance: financial }
///     roles: [agent, manager]                 # who may call it at all (omitted: every role)
///     limits:                                 # numeric argument limits per role (no role: every role)
///       - { role: agent, argument: amount, max: 50 }
///       - { role: manager, argument: amount, max: 200 }
///     counters:                               # sliding-window counters, per user or per tenant
///       - { name: refunds_per_day, per: user, window_s: 86400, max: 3 }
///     flagged: { argument: order_id, list: [99999, 424242], outcome: review }   # deny | review
///     # or, in addition to (or instead of) the list, a permission service asked by the server:
///     #   service: { url: http://perm.internal/check, timeout_ms: 50, on_error: deny }  # deny | review | allow
///     over_limit: review                      # deny (default) | review, for limits and counters
///   delete_account: { roles: [admin], risk: { irreversible: true, blast_radius: account }, default: review }
///   "*": { default: deny }                    # undeclared tools: deny (default) | review | allow
/// ```
///
/// Other keys of a tool: `default` (allow | review | deny, the outcome when every rule passes),
/// `enabled` (false is the kill switch), `description` (free text).
public struct ToolPolicy: Sendable, Hashable {
    /// The declared tools by function name.
    public var tools: [String: ToolRule]
    /// The outcome for a tool that is not declared (config: `"*": { default: … }`).
    public var unknownTool: ToolDecisionOutcome

    /// A policy of already validated rules.
    public init(tools: [String: ToolRule] = [:], unknownTool: ToolDecisionOutcome = .deny) {
        self.tools = tools
        self.unknownTool = unknownTool
    }
}
