import ParapetCore
import ParapetGuards

/// The schemas an answer must satisfy: the `response_format` `json_schema` of the request (or
/// bare JSON for `json_object`) and the `parameters` of every tool it offers.
public struct OutputRequirements: Sendable {
    /// What the message content must be.
    public enum Content: Sendable {
        /// Free text.
        case text
        /// Any JSON value (`json_object`).
        case json
        /// JSON that satisfies the schema (`json_schema`).
        case schema(name: String, JSONSchemaValidator)
    }

    public var content: Content = .text
    /// Tool name → the validator of its arguments (tools without `parameters` accept any object).
    public var tools: [String: JSONSchemaValidator] = [:]

    /// Whether there is nothing to check.
    public var isEmpty: Bool {
        if case .text = content { return tools.isEmpty }
        return false
    }

    public init() {}

    /// Reads and compiles the request's schemas (through `cache`); a schema that does not compile
    /// is the caller's mistake, thrown as a ``WireError`` naming its parameter.
    public static func of(_ request: ChatRequest, settings: ValidationSettings, cache: SchemaCache) throws(WireError) -> OutputRequirements {
        var requirements = OutputRequirements()
        guard settings.enabled else { return requirements }
        if let format = request.responseFormat {
            switch format["type"]?.stringValue {
            case "json_object": requirements.content = .json
            case "json_schema":
                let spec = format["json_schema"]?.objectValue
                guard let schema = spec?["schema"] else {
                    requirements.content = .json
                    break
                }
                let name = spec?["name"]?.stringValue ?? "response"
                requirements.content = .schema(name: name, try compile(schema, cache: cache, param: "response_format.json_schema.schema"))
            default: break
            }
        }
        if settings.toolArguments {
            for (index, tool) in request.tools.enumerated() {
                guard let function = tool["function"]?.objectValue, let name = function["name"]?.stringValue,
                      let parameters = function["parameters"]
                else { continue }
                requirements.tools[name] = try compile(parameters, cache: cache, param: "tools[\(index)].function.parameters")
            }
        }
        return requirements
    }

    private static func compile(_ schema: JSON, cache: SchemaCache, param: String) throws(WireError) -> JSONSchemaValidator {
        do {
            return try cache.validator(for: schema)
        } catch {
            throw WireError("not a usable JSON Schema: \(error)", param: param)
        }
    }
}

/// One answer part that fails its schema after every deterministic repair.
public struct OutputProblem: Sendable, Equatable {
    /// `choices[0].message.content` or `choices[0].message.tool_calls[1].function.arguments`.
    public var location: String
    /// The tool whose arguments these are; nil for message content.
    public var tool: String?
    /// Why: not JSON at all (with the parser's message), or the schema's violations.
    public var errors: [String]
    /// The text the model produced (for the re-ask).
    public var text: String
}

/// What validation found and did to one answer.
public struct ValidationReport: Sendable, Equatable {
    /// Parts that still fail.
    public var problems: [OutputProblem] = []
    /// Repairs applied, per location.
    public var repairs: [(location: String, steps: [JSONRepairStep])] = []
    /// Parts checked.
    public var checked = 0

    public var isValid: Bool { problems.isEmpty }

    public static func == (a: ValidationReport, b: ValidationReport) -> Bool {
        a.problems == b.problems && a.checked == b.checked && a.repairs.map(\.location) == b.repairs.map(\.location)
            && a.repairs.map(\.steps) == b.repairs.map(\.steps)
    }
}

/// Validates an answer against its requirements and applies deterministic repairs in place.
public enum OutputValidation {
    /// Checks every choice's content and tool-call arguments; repaired parts are rewritten in
    /// `completion` (as compact JSON); what cannot be repaired is reported.
    public static func check(_ completion: inout ChatCompletion, requirements: OutputRequirements, repair: Bool) -> ValidationReport {
        var report = ValidationReport()
        guard !requirements.isEmpty else { return report }
        for (position, choice) in completion.choices.enumerated() {
            let base = "choices[\(position)].message"
            if let content = choice.content, choice.toolCalls.isEmpty || !content.isEmpty {
                switch requirements.content {
                case .text: break
                case .json:
                    report.checked += 1
                    if let fixed = verify(content, validator: nil, location: base + ".content", tool: nil, repair: repair, report: &report) {
                        completion.setContent(choice: position, fixed)
                    }
                case .schema(_, let validator):
                    report.checked += 1
                    if let fixed = verify(content, validator: validator, location: base + ".content", tool: nil, repair: repair, report: &report) {
                        completion.setContent(choice: position, fixed)
                    }
                }
            }
            for (index, call) in choice.toolCalls.enumerated() {
                guard let validator = requirements.tools[call.name] else { continue }
                report.checked += 1
                let location = base + ".tool_calls[\(index)].function.arguments"
                let arguments = call.arguments.isEmpty ? "{}" : call.arguments
                if let fixed = verify(arguments, validator: validator, location: location, tool: call.name, repair: repair, report: &report) {
                    completion.setToolArguments(choice: position, call: index, fixed)
                }
            }
        }
        return report
    }

    /// Nil when `text` is fine as it is or cannot be fixed (then a problem is recorded); the
    /// repaired text otherwise.
    static func verify(
        _ text: String, validator: JSONSchemaValidator?, location: String, tool: String?, repair: Bool, report: inout ValidationReport
    ) -> String? {
        var value: JSON
        var repaired: String?
        do {
            value = try JSON.parse(Array(text.utf8))
        } catch {
            guard repair, let outcome = JSONRepair.repair(text) else {
                report.problems.append(OutputProblem(location: location, tool: tool, errors: ["not valid JSON: \(error.message)"], text: text))
                return nil
            }
            value = outcome.value
            repaired = outcome.text
            report.repairs.append((location, outcome.steps))
        }
        if let validator {
            let violations = validator.validate(value, maxErrors: 8)
            if !violations.isEmpty {
                report.problems.append(OutputProblem(location: location, tool: tool, errors: violations.map(\.description), text: repaired ?? text))
                return nil
            }
        }
        return repaired
    }

    /// The follow-up message that asks the model to try again, naming what was wrong.
    public static func reaskMessage(for problems: [OutputProblem]) -> String {
        var lines = ["Your previous answer was not valid. Fix these problems and reply again with only the corrected output, no explanation:"]
        for problem in problems.prefix(4) {
            let what = problem.tool.map { "the arguments of your call to tool `\($0)`" } ?? "your JSON answer"
            lines.append("- In \(what): " + problem.errors.prefix(8).joined(separator: "; "))
        }
        return lines.joined(separator: "\n")
    }
}

extension ChatCompletion {
    /// Sets (nil: nulls) the `logprobs` of the choice at array position `choice`.
    public mutating func setLogprobs(choice: Int, _ logprobs: JSON?) {
        json.modify("choices") { choices in
            choices.modifyElement(choice) { $0.setMember("logprobs", logprobs ?? .null) }
        }
    }

    /// Replaces the arguments text of one tool call.
    public mutating func setToolArguments(choice: Int, call: Int, _ text: String) {
        json.modify("choices") { choices in
            choices.modifyElement(choice) { choice in
                choice.modifyMember("message") { message in
                    message.modifyMember("tool_calls") { calls in
                        calls.modifyElement(call) { $0.modifyMember("function") { $0.setMember("arguments", .string(text)) } }
                    }
                }
            }
        }
    }
}
