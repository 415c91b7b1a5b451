/// One deterministic repair `JSONRepair` may apply to a model's almost-JSON answer. The cases are
/// listed in the order they are tried.
public enum JSONRepairStep: String, Sendable, CaseIterable, Codable {
    /// Removes a Markdown code fence (any info string) around one block, together with a line of
    /// prose before or after it.
    case stripFences = "strip_fences"
    /// Keeps the outermost `{…}` or `[…]` and drops the prose around it ("Here is the JSON: … Hope
    /// this helps").
    case extractValue = "extract_value"
    /// Turns curly quotes (`“ ” ‘ ’`) that delimit strings into `"`; curly quotes inside strings
    /// stay as they are.
    case smartQuotes = "smart_quotes"
    /// Drops a comma before `}` or `]` outside strings.
    case trailingCommas = "trailing_commas"
    /// Completes a truncated answer: closes an open string, drops a dangling key, colon, comma or
    /// incomplete literal or number, and closes the open brackets innermost first.
    case closeTruncated = "close_truncated"
}
