import ParapetCore

/// Deterministic repair of the JSON that language models almost produce: fenced in Markdown,
/// wrapped in prose, written with curly quotes, with trailing commas, or cut off by a token limit.
///
/// Every step is a linear byte scan that tracks string and escape state, so commas, brackets and
/// quotes inside strings are never touched; nothing recurses, so deep or huge input cannot
/// exhaust the stack (the strict parser bounds nesting with `JSON.defaultMaxDepth`). A repair only
/// removes text or closes what was opened: it never invents keys or values.
public enum JSONRepair {
    /// The input size `repair` accepts by default: 1 MiB.
    public static let defaultMaxBytes = 1 << 20

    /// Parses `text`; when it does not parse, applies the repairs of `JSONRepairStep` in their
    /// declared order, each only when its pattern is present, and returns the first result that
    /// parses strictly.
    ///
    /// - Parameters:
    ///   - text: the model's answer.
    ///   - maxBytes: inputs longer than this (in UTF-8 bytes) are refused.
    /// - Returns: the value, its compact text and the steps applied (empty when `text` already
    ///   parsed); nil for empty or oversized input and when no combination of the steps gives
    ///   strict JSON.
    public static func repair(_ text: String, maxBytes: Int = defaultMaxBytes) -> JSONRepairOutcome? {
        guard text.utf8.count <= maxBytes else { return nil }
        var bytes = Array(text.utf8)
        guard bytes.contains(where: { !isSpace($0) }) else { return nil }
        if let value = try? JSON.parse(bytes) { return outcome(value, steps: []) }
        var steps: [JSONRepairStep] = []
        for step in JSONRepairStep.allCases {
            guard let repaired = apply(step, to: bytes), repaired != bytes else { continue }
            bytes = repaired
            steps.append(step)
            if let value = try? JSON.parse(bytes) { return outcome(value, steps: steps) }
        }
        return nil
    }

    /// The bytes after `step`, or nil when the step does not apply.
    static func apply(_ step: JSONRepairStep, to bytes: [UInt8]) -> [UInt8]? {
        switch step {
        case .stripFences: stripFences(bytes)
        case .extractValue: extractValue(bytes)
        case .smartQuotes: replaceSmartQuotes(bytes)
        case .trailingCommas: dropTrailingCommas(bytes)
        case .closeTruncated: closeTruncated(bytes)
        }
    }

    static func outcome(_ value: JSON, steps: [JSONRepairStep]) -> JSONRepairOutcome {
        JSONRepairOutcome(value: value, text: String(decoding: value.serialized, as: UTF8.self), steps: steps)
    }

    /// JSON whitespace: space, tab, line feed, carriage return.
    @inline(__always) static func isSpace(_ byte: UInt8) -> Bool {
        byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09
    }

    /// The index of the first byte at or after `index` that is not JSON whitespace.
    @inline(__always) static func skipSpace(_ bytes: [UInt8], from index: Int) -> Int {
        var index = index
        while index < bytes.count, isSpace(bytes[index]) { index += 1 }
        return index
    }

    /// `bytes` without leading and trailing JSON whitespace.
    static func trimmed(_ bytes: ArraySlice<UInt8>) -> ArraySlice<UInt8> {
        var lower = bytes.startIndex
        var upper = bytes.endIndex
        while lower < upper, isSpace(bytes[lower]) { lower += 1 }
        while upper > lower, isSpace(bytes[upper - 1]) { upper -= 1 }
        return bytes[lower..<upper]
    }
}
