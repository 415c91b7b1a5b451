/// One attempt of a request, for the audit record and the `x-parapet-attempts` header.
public struct AttemptRecord: Sendable, Hashable {
    /// The target called.
    public var targetID: String
    /// The wait before the call.
    public var delay: Duration
    /// The class of error the attempt ended with; `nil` while in flight or when it succeeded.
    public var error: ProviderError.Kind?

    public init(targetID: String, delay: Duration, error: ProviderError.Kind? = nil) {
        self.targetID = targetID
        self.delay = delay
        self.error = error
    }
}
