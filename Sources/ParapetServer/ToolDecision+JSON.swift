import ParapetCore
import ParapetGuards

extension ToolDecision {
    /// `[{"code","outcome","message","argument"?}]`, in the decision's order; without
    /// `messages`, the message (which may quote argument values) is left out.
    func writeReasons(to json: inout JSONWriter, messages: Bool = true) {
        json.byte(UInt8(ascii: "["))
        for (index, reason) in reasons.enumerated() {
            if index > 0 { json.byte(UInt8(ascii: ",")) }
            json.raw("{\"code\":")
            json.string(reason.code.rawValue)
            json.key("outcome")
            json.string(reason.outcome.rawValue)
            if messages {
                json.key("message")
                json.string(reason.message)
            }
            if let argument = reason.argument {
                json.key("argument")
                json.string(argument)
            }
            json.byte(UInt8(ascii: "}"))
        }
        json.byte(UInt8(ascii: "]"))
    }

    /// `{"irreversible","blast_radius","compliance"}`, or null for an undeclared tool.
    func writeRisk(to json: inout JSONWriter) {
        guard let risk else {
            json.null()
            return
        }
        json.raw("{\"irreversible\":")
        json.bool(risk.irreversible)
        json.key("blast_radius")
        json.string(risk.blastRadius.rawValue)
        json.key("compliance")
        json.string(risk.compliance.rawValue)
        json.byte(UInt8(ascii: "}"))
    }

    /// The audit action: allow, review, or block for deny.
    var auditAction: Action {
        switch outcome {
        case .allow: .allow
        case .review: .review
        case .deny: .block
        }
    }
}
