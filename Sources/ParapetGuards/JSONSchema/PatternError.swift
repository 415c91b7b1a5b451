/// Why an ECMA-262 pattern was refused at compile time, and where (an offset in Unicode scalars).
struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var offset: Int
    /// Valid ECMA-262 outside the supported subset or limits (lookbehind, scripts, huge
    /// repetition counts), as opposed to a syntax error.
    var isUnsupported: Bool

    init(_ message: String, at offset: Int, unsupported: Bool = false) {
        self.message = message
        self.offset = offset
        self.isUnsupported = unsupported
    }

    var description: String { "\(message) at offset \(offset)" }
}
