import Foundation

/// One reviewer's decision on an item, kept in the item's history.
public struct ReviewDecision: Sendable, Hashable, Codable {
    /// The key id of the reviewer (the lease holder that decided).
    public var reviewerKeyID: String
    /// Whether the reviewer has the senior role (needed when the item `requiresSenior`).
    public var senior: Bool
    public var verdict: ReviewVerdict
    /// A configured reason code (`hallucination`, `policy`, …), for the override statistics.
    public var reasonCode: String
    public var comment: String?
    /// The reviewer's version of the body; only meaningful with `.edit`.
    public var editedBody: [UInt8]?
    /// When the reviewer decided.
    public var at: Date

    public init(
        reviewerKeyID: String, senior: Bool, verdict: ReviewVerdict, reasonCode: String, comment: String? = nil, editedBody: [UInt8]? = nil,
        at: Date
    ) {
        self.reviewerKeyID = reviewerKeyID
        self.senior = senior
        self.verdict = verdict
        self.reasonCode = reasonCode
        self.comment = comment
        self.editedBody = editedBody
        self.at = at
    }
}
