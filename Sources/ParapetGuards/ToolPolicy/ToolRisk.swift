/// Risk attributes of a tool, declared in config and passed through with every decision for the
/// escalation engine's risk matrix. The policy engine itself does not act on them.
///
/// ```yaml
/// risk: { irreversible: true, blast_radius: single, compliance: financial }
/// ```
public struct ToolRisk: Sendable, Hashable {
    /// How far the effects of one call reach.
    public enum BlastRadius: String, Sendable, Hashable, CaseIterable, Comparable {
        /// One object (an order, a message).
        case single
        /// One customer account and everything in it.
        case account
        /// A whole tenant.
        case tenant
        /// Beyond one tenant (shared infrastructure, every customer).
        case global

        private var rank: Int {
            switch self {
            case .single: 0
            case .account: 1
            case .tenant: 2
            case .global: 3
            }
        }

        public static func < (lhs: BlastRadius, rhs: BlastRadius) -> Bool { lhs.rank < rhs.rank }
    }

    /// The kind of regulated data or activity a call touches.
    public enum Compliance: String, Sendable, Hashable, CaseIterable {
        /// Nothing regulated.
        case none
        /// Personal data (GDPR and similar).
        case pii
        /// Money movement, payments, refunds.
        case financial
        /// Health records.
        case health
        /// Legal commitments (contracts, notices).
        case legal
    }

    /// A call cannot be undone (a refund paid out, an account deleted).
    public var irreversible: Bool
    /// How far one call reaches.
    public var blastRadius: BlastRadius
    /// What regulated data or activity it touches.
    public var compliance: Compliance

    /// Risk attributes; the defaults describe a harmless, reversible, single-object tool.
    public init(irreversible: Bool = false, blastRadius: BlastRadius = .single, compliance: Compliance = .none) {
        self.irreversible = irreversible
        self.blastRadius = blastRadius
        self.compliance = compliance
    }
}
