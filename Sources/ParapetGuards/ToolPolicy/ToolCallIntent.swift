import ParapetCore

/// A tool call a model proposes, as structured data: which tool, with which arguments, on whose
/// behalf. The gateway builds one per `tool_calls` entry; `POST /v1/guard/tool` takes one directly.
public struct ToolCallIntent: Sendable, Equatable {
    /// The function name, as the model wrote it.
    public var tool: String
    /// The parsed arguments; anything but an object is `invalid_arguments`.
    public var arguments: JSON
    /// The application role of the end user (`agent`, `manager`), not a Parapet API-key role.
    public var role: String
    /// The end user the call acts for; per-user counters need it.
    public var user: String?
    /// The tenant; counters never cross tenants.
    public var tenant: String

    /// An intent for `tool` with `arguments` on behalf of `user` in `role`.
    public init(tool: String, arguments: JSON, role: String, user: String? = nil, tenant: String) {
        self.tool = tool
        self.arguments = arguments
        self.role = role
        self.user = user
        self.tenant = tenant
    }
}
