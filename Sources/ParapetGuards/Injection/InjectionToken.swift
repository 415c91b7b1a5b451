/// A vocabulary word found by `InjectionTokenizer`: its classes, its position in words and
/// sentences, and its byte range in the scanned buffer.
struct InjectionToken: Sendable {
    /// `InjectionWordClass` bits.
    var classes: UInt64
    /// Index of the word among all words of the text (vocabulary or not).
    var ordinal: Int32
    /// Index of the sentence (incremented at `.`, `!`, `?`, `;` and newlines).
    var sentence: Int32
    var start: Int32
    var end: Int32
    var flags: UInt8

    /// No word between the last newline (or the start) and this word.
    static let lineStart: UInt8 = 1
    /// The byte right after the word is `:`.
    static let colonAfter: UInt8 = 2
    /// The line start is preceded by `#` markup (`### System`).
    static let hashMarkup: UInt8 = 4

    @inline(__always) func has(_ cls: UInt64) -> Bool { classes & cls != 0 }
    var range: Range<Int> { Int(start)..<Int(end) }
}
