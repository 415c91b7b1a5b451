import ParapetCore

extension ToolPolicyEngine {
    /// What a permission service still has to decide after `decision` (from `evaluate` of
    /// `intent`): nil when the tool has no service, when the local rules already deny the call
    /// (the service could not make it worse), when the local list already flagged the object,
    /// or when the call does not give the argument (or gives null).
    public func permissionQuery(for intent: ToolCallIntent, after decision: ToolDecision) -> ToolPermissionQuery? {
        guard decision.outcome != .deny, let rule = policy.tools[intent.tool], let flagged = rule.flagged, let service = flagged.service,
              !decision.reasons.contains(where: { $0.code == .flaggedObject }),
              case .object(let arguments) = intent.arguments, let value = arguments[flagged.argument], !value.isNull
        else { return nil }
        return ToolPermissionQuery(
            service: service, flaggedOutcome: flagged.outcome, tenant: intent.tenant, tool: intent.tool, argument: flagged.argument,
            value: value, user: intent.user, role: intent.role)
    }

    /// `decision` with the service's `answer` to `query`: a flagged object adds `flagged_object`
    /// with the tool's flagged outcome, no usable answer adds `permission_check_failed` with the
    /// service's `on_error` (saying what went wrong), not flagged adds nothing.
    public func applying(_ answer: ToolPermissionAnswer, of query: ToolPermissionQuery, to decision: ToolDecision) -> ToolDecision {
        var decision = decision
        switch answer {
        case .notFlagged:
            break
        case .flagged(let reason):
            var message = "\(query.argument) \(Self.excerpt(query.value)) is flagged by the permission service"
            if let reason { message += ": " + Self.shortened(reason, to: 200) }
            decision.add(ToolDecisionReason(.flaggedObject, query.flaggedOutcome, message, argument: query.argument))
        case .failed(let failure):
            let detail = Self.shortened(failure.description, to: 200)
            let message = "the permission service for \(query.argument) \(detail); on_error gives \(query.service.onError.rawValue)"
            decision.add(ToolDecisionReason(.permissionCheckFailed, query.service.onError, message, argument: query.argument))
        }
        return decision
    }
}
