/// Why an ECMA-262 pattern was refused at compile time, and where (an offset in Unicode scalars).
struct PatternError: Error, Sendable, Equatable, CustomStringConvertible {
    var message: String
    var offset: Int

    init(_ message: String, at offset: Int) {
        self.message = message
        self.offset = offset
    }

    var description: String { "\(message) at offset \(offset)" }
}
