/// One instruction of the backtracking matcher. Positions are UTF-8 byte offsets.
enum PatternInstruction: Sendable {
    /// Matches one scalar with `PatternProgram.sets[set]`-style matching (see `PatternMatch`).
    case one(PatternMatch)
    /// Matches `match` between `min` and `max` times (`Int.max`: unbounded) without a stack
    /// entry per repetition; gives back one scalar at a time on backtracking.
    case repeatOne(PatternMatch, min: Int, max: Int, greedy: Bool)
    /// Continues at `first`; on failure, at `second`.
    case split(first: Int, second: Int)
    case jump(Int)
    /// Stores the position in a capture register.
    case save(register: Int)
    /// Stores the position in a loop register, to detect empty iterations.
    case loopMark(register: Int)
    /// Fails when the loop body matched nothing since `loopMark` (ECMA-262 RepeatMatcher rule).
    case loopCheck(register: Int)
    case assertStart, assertEnd
    case wordBoundary(negated: Bool)
    /// Runs the sub-program at the next instruction (it ends in `match`) as an atomic lookahead,
    /// then continues at `end`.
    case lookahead(end: Int, negative: Bool)
    /// Matches the text of capture group `group` (the empty string when it is unset).
    case backreference(group: Int)
    case match
}

/// A single-scalar matcher.
enum PatternMatch: Sendable {
    case scalar(UInt32)
    case dot
    case set(Int)
}

/// A compiled pattern: instructions, the character sets they refer to, and what the search needs
/// to know (register count, whether it is anchored, which bytes can start a match).
struct PatternProgram: Sendable {
    var instructions: [PatternInstruction] = []
    var sets: [PatternCharSet] = []
    var captureCount = 0
    var loopRegisterCount = 0
    var anchoredAtStart = false
    /// Bytes that can start a match (ASCII bitmap, plus any non-ASCII lead byte when
    /// `firstMayBeNonASCII`); nil when anything can (or the empty string can match).
    var firstBytes: (low: UInt64, high: UInt64)?
    var firstMayBeNonASCII = true

    var registerCount: Int { 2 * (captureCount + 1) + loopRegisterCount }
    var loopRegisterBase: Int { 2 * (captureCount + 1) }
}
