import ParapetCore
import ParapetGuards

/// Checks a 200 answer for what the API promised but HTTP cannot tell: when the request asked
/// for JSON (`response_format` `json_object` or `json_schema`) every choice's content must be a
/// JSON value, and every tool call's arguments must be JSON. A failure is a quality failure for
/// the circuit breaker and moves the call on like a malformed response. (Validating against the
/// schema itself, with repairs, is the output validation stage's job; when the route repairs,
/// text that the deterministic repairs turn into JSON passes here and is fixed there.)
enum QualityCheck {
    static func problem(in completion: ChatCompletion, for request: ChatRequest, repairable: Bool = false) -> String? {
        let wantsJSON: Bool
        switch request.json["response_format"]?.objectValue?["type"]?.stringValue {
        case "json_object", "json_schema": wantsJSON = true
        default: wantsJSON = false
        }
        guard let choices = completion.json["choices"]?.arrayValue else { return "the answer has no choices" }
        for (index, choice) in choices.enumerated() {
            guard let message = choice.objectValue?["message"]?.objectValue else { return "choices[\(index)] has no message" }
            if wantsJSON, let content = message["content"]?.stringValue, !isJSON(content, repairable: repairable) {
                return "choices[\(index)].message.content is not JSON although response_format asked for it"
            }
            for (callIndex, call) in (message["tool_calls"]?.arrayValue ?? []).enumerated() {
                guard let arguments = call.objectValue?["function"]?.objectValue?["arguments"]?.stringValue else { continue }
                if !arguments.isEmpty, !isJSON(arguments, repairable: repairable) {
                    return "choices[\(index)].message.tool_calls[\(callIndex)].function.arguments is not JSON"
                }
            }
        }
        return nil
    }

    static func isJSON(_ text: String, repairable: Bool) -> Bool {
        if (try? JSON.parse(Array(text.utf8))) != nil { return true }
        return repairable && JSONRepair.repair(text) != nil
    }
}
