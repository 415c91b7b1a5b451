import ParapetCore

extension ToolPolicyEngine {
    /// Shape, schema, limits and flagged objects. Arguments that are not an object, or hold
    /// over-long number text, get one reason and no further checks.
    func checkArguments(_ intent: ToolCallIntent, _ rule: ToolRule, into reasons: inout [ToolDecisionReason]) {
        guard case .object(let arguments) = intent.arguments else {
            reasons.append(ToolDecisionReason(.invalidArguments, .deny, "the arguments must be a JSON object, got \(Self.kind(intent.arguments))"))
            return
        }
        for (name, value) in arguments {
            if let length = Self.overlongNumber(in: value) {
                reasons.append(
                    ToolDecisionReason(
                        .invalidArguments, .deny,
                        "\(Self.shortened(name)) holds number text of \(length) characters (at most \(Self.maxNumberLength))", argument: name))
                return
            }
        }
        if let validator = rule.validator, !validator.isValid(intent.arguments) {
            for violation in validator.validate(intent.arguments, maxErrors: Self.maxSchemaViolations).prefix(Self.maxSchemaViolations) {
                reasons.append(
                    ToolDecisionReason(
                        .invalidArguments, .deny, violation.description, argument: Self.topLevelName(violation.instancePath), violation: violation))
            }
        }
        checkLimits(arguments, intent, rule, into: &reasons)
        if let flagged = rule.flagged, let value = arguments[flagged.argument] {
            checkFlagged(value, flagged, into: &reasons)
        }
    }

    private func checkLimits(_ arguments: JSONObject, _ intent: ToolCallIntent, _ rule: ToolRule, into reasons: inout [ToolDecisionReason]) {
        for limit in rule.limits where limit.role == nil || limit.role == intent.role {
            var scope: String { limit.role.map { "role \($0)" } ?? "every role" }
            guard let value = arguments[limit.argument] else {
                reasons.append(
                    ToolDecisionReason(.invalidArguments, .deny, "\(limit.argument) is limited for \(scope) but missing", argument: limit.argument))
                continue
            }
            guard case .number(let text) = value, let number = SchemaNumber(text) else {
                reasons.append(
                    ToolDecisionReason(
                        .invalidArguments, .deny, "\(limit.argument) must be a number to check its limit, got \(Self.excerpt(value))",
                        argument: limit.argument))
                continue
            }
            if number > limit.maximum {
                reasons.append(
                    ToolDecisionReason(
                        .argumentOverLimit, rule.overLimit, "\(limit.argument) \(Self.shortened(text)) exceeds \(limit.max) for \(scope)",
                        argument: limit.argument))
            }
        }
    }

    /// The value, or the first flagged element when it is an array.
    private func checkFlagged(_ value: JSON, _ flagged: ToolFlaggedObjects, into reasons: inout [ToolDecisionReason]) {
        func check(_ element: JSON, _ label: String) -> Bool {
            switch ToolObjectKey.lookup(element) {
            case .none:
                return false
            case .unreadable:
                reasons.append(
                    ToolDecisionReason(
                        .invalidArguments, .deny, "\(label) is too long to compare with the flagged list", argument: flagged.argument))
                return true
            case .key(let key):
                guard flagged.keys.contains(key) else { return false }
                reasons.append(
                    ToolDecisionReason(.flaggedObject, flagged.outcome, "\(label) \(Self.excerpt(element)) is flagged", argument: flagged.argument))
                return true
            }
        }
        if case .array(let elements) = value {
            for (index, element) in elements.enumerated() where check(element, "\(flagged.argument)[\(index)]") { return }
        } else {
            _ = check(value, flagged.argument)
        }
    }

    /// The length of the first number text longer than `maxNumberLength` in `value`, if any.
    /// Iterative, so hand-built deep values cannot exhaust the stack.
    static func overlongNumber(in value: JSON) -> Int? {
        switch value {
        case .null, .bool, .string: return nil
        case .number(let text): return text.utf8.count > maxNumberLength ? text.utf8.count : nil
        case .array, .object: break
        }
        var pending = [value]
        while let next = pending.popLast() {
            switch next {
            case .null, .bool, .string: continue
            case .number(let text): if text.utf8.count > maxNumberLength { return text.utf8.count }
            case .array(let elements): pending.append(contentsOf: elements)
            case .object(let object): pending.append(contentsOf: object.values)
            }
        }
        return nil
    }

    /// The first segment of a JSON Pointer, unescaped; nil for the root.
    static func topLevelName(_ pointer: String) -> String? {
        guard pointer.hasPrefix("/") else { return nil }
        let segment = pointer.dropFirst().prefix { $0 != "/" }
        var name = ""
        var escape = false
        for character in segment {
            if escape {
                name.append(character == "1" ? "/" : "~")
                escape = false
            } else if character == "~" {
                escape = true
            } else {
                name.append(character)
            }
        }
        return name
    }

    static func kind(_ value: JSON) -> String {
        switch value {
        case .null: "null"
        case .bool: "a boolean"
        case .number: "a number"
        case .string: "a string"
        case .array: "an array"
        case .object: "an object"
        }
    }
}
