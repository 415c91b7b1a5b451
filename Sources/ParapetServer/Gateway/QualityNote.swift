import ParapetConfidence
import ParapetCore
import ParapetGateway
import ParapetGuards

/// What the output-quality stages found and did, for the audit record and the headers.
struct QualityNote: Sendable {
    struct Validation: Sendable {
        var checked = 0
        var repairs: [(location: String, steps: [JSONRepairStep])] = []
        var reasks = 0
        /// `valid`, `repaired`, `reasked`, `invalid`.
        var outcome = "valid"
        /// The schema errors of the last attempt (only when invalid).
        var errors: [String] = []
    }

    struct Grounding: Sendable {
        var score: Double
        var sentences: Int
        var unsupported: Int
        var borderline: Bool
        var judge: Double?
        var grounded: Bool
    }

    var validation: Validation?
    var confidence: ConfidenceAssessment?
    /// The judge's grade when a judge produced the confidence score.
    var judgeScore: Double?
    var grounding: Grounding?
    /// Where an abstaining answer came from: a route name, or `reply`.
    var abstainedTo: String?

    var isEmpty: Bool { validation == nil && confidence == nil && grounding == nil }

    func write(to json: inout JSONWriter) {
        json.key("quality")
        json.raw("{")
        json.key("validation", first: true)
        if let validation {
            json.raw("{")
            json.key("outcome", first: true)
            json.string(validation.outcome)
            json.key("checked")
            json.int(validation.checked)
            json.key("reasks")
            json.int(validation.reasks)
            json.key("repairs")
            json.raw("[")
            for (i, repair) in validation.repairs.enumerated() {
                if i > 0 { json.raw(",") }
                json.raw("{")
                json.key("location", first: true)
                json.string(repair.location)
                json.key("steps")
                Self.strings(repair.steps.map(\.rawValue), &json)
                json.raw("}")
            }
            json.raw("]")
            json.key("errors")
            Self.strings(validation.errors, &json)
            json.raw("}")
        } else {
            json.null()
        }
        json.key("confidence")
        if let confidence {
            json.raw("{")
            json.key("signal", first: true)
            json.string(confidence.signal?.rawValue)
            json.key("raw")
            Self.number(confidence.raw, &json)
            json.key("calibrated")
            Self.number(confidence.calibrated, &json)
            json.key("tier")
            json.string(confidence.tier.rawValue)
            json.key("auto")
            json.double(confidence.thresholds.auto)
            json.key("reject")
            json.double(confidence.thresholds.reject)
            json.key("window")
            json.string(confidence.window)
            json.key("missing")
            json.string(confidence.missing)
            json.key("judge")
            Self.number(judgeScore, &json)
            json.key("abstained_to")
            json.string(abstainedTo)
            json.key("fields")
            json.raw("[")
            for (i, field) in confidence.fields.enumerated() {
                if i > 0 { json.raw(",") }
                json.raw("{")
                json.key("path", first: true)
                json.string(field.path)
                json.key("raw")
                Self.number(field.raw, &json)
                json.key("calibrated")
                Self.number(field.calibrated, &json)
                json.key("tier")
                json.string(field.tier.rawValue)
                json.raw("}")
            }
            json.raw("]}")
        } else {
            json.null()
        }
        json.key("grounding")
        if let grounding {
            json.raw("{")
            json.key("score", first: true)
            json.double(grounding.score)
            json.key("grounded")
            json.bool(grounding.grounded)
            json.key("sentences")
            json.int(grounding.sentences)
            json.key("unsupported")
            json.int(grounding.unsupported)
            json.key("borderline")
            json.bool(grounding.borderline)
            json.key("judge")
            Self.number(grounding.judge, &json)
            json.raw("}")
        } else {
            json.null()
        }
        json.raw("}")
    }

    private static func strings(_ values: [String], _ json: inout JSONWriter) {
        json.raw("[")
        for (i, value) in values.enumerated() {
            if i > 0 { json.raw(",") }
            json.string(value)
        }
        json.raw("]")
    }

    private static func number(_ value: Double?, _ json: inout JSONWriter) {
        if let value, value.isFinite { json.double(value) } else { json.null() }
    }
}
