import HTTPTypes

extension HTTPField.Name {
    /// `x-request-id`, read from requests and echoed on every response.
    static let requestID = HTTPField.Name("x-request-id") ?? .via
    /// Gateway responses: the request id, the target that answered, the attempts it took, whether
    /// a fallback target served it, and the audit record.
    static let parapetRequestID = HTTPField.Name("x-parapet-request-id") ?? .via
    static let parapetTarget = HTTPField.Name("x-parapet-target") ?? .via
    static let parapetAttempts = HTTPField.Name("x-parapet-attempts") ?? .via
    static let parapetFallback = HTTPField.Name("x-parapet-fallback") ?? .via
    static let parapetAuditID = HTTPField.Name("x-parapet-audit-id") ?? .via
    static let parapetCache = HTTPField.Name("x-parapet-cache") ?? .via
    static let parapetCacheSimilarity = HTTPField.Name("x-parapet-cache-similarity") ?? .via
    static let parapetDegraded = HTTPField.Name("x-parapet-degraded") ?? .via
    /// The route that served the call, when a budget moved it to another.
    static let parapetRoute = HTTPField.Name("x-parapet-route") ?? .via
    static let parapetReviewID = HTTPField.Name("x-parapet-review-id") ?? .via
    static let parapetReviewStatus = HTTPField.Name("x-parapet-review-status") ?? .via
    static let parapetValidation = HTTPField.Name("x-parapet-validation") ?? .via
    static let parapetConfidence = HTTPField.Name("x-parapet-confidence") ?? .via
    static let parapetTier = HTTPField.Name("x-parapet-tier") ?? .via
    static let parapetGrounding = HTTPField.Name("x-parapet-grounding") ?? .via
}

extension HTTPFields {
    /// What `self[name]` returns (the values of every field named `name`, joined with ", ", or
    /// "; " for cookies), found by one pass over the fields. The subscript builds a name index
    /// and joins through generic lazy sequences, which showed in the guard route's profile.
    func combinedValue(_ name: HTTPField.Name) -> String? {
        var combined: String?
        for field in self where field.name == name {
            if let previous = combined {
                combined = previous + (name == .cookie ? "; " : ", ") + field.value
            } else {
                combined = field.value
            }
        }
        return combined
    }
}
