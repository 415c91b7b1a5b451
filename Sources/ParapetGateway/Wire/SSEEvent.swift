/// One server-sent event as the WHATWG EventSource algorithm dispatches it.
public struct SSEEvent: Sendable, Equatable {
    /// The `event:` field; nil when absent (the default "message" type).
    public var event: String?
    /// The `data:` lines joined with `\n`.
    public var data: String
    /// The `id:` field of this event, when it had one.
    public var id: String?

    public init(event: String? = nil, data: String, id: String? = nil) {
        self.event = event
        self.data = data
        self.id = id
    }
}
