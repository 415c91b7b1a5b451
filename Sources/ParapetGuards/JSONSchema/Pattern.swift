/// An ECMA-262 regular expression (`u` flag semantics, no other flags) compiled once for the
/// JSON Schema `pattern` and `patternProperties` keywords. Matching is an unanchored search, like
/// `RegExp.prototype.test`, by a backtracking matcher over Unicode scalars with a step budget:
/// a search that exceeds it reports `.budgetExceeded` instead of running on (the validator
/// treats that as a violation, so hostile patterns fail closed).
///
/// Supported: literals and escapes (`\t \n \v \f \r \0 \cX \xHH \uHHHH \u{H…}`, escaped
/// punctuation), `.`, classes with ranges and negation, `\d \D \w \W \s \S \b \B`, `^ $`,
/// capturing, named and non-capturing groups, lookahead `(?=…)` `(?!…)`, alternation, greedy and
/// lazy quantifiers, backreferences (`\1`, `\k<name>`) and `\p{…}`/`\P{…}` for general
/// categories and some binary properties. Refused: lookbehind, `Script=` properties, octal and
/// unknown letter escapes.
final class Pattern: Sendable {
    /// Steps a single search may take: about a millisecond of work.
    static let defaultStepBudget = 1_000_000
    /// Backtracking entries a single search may hold.
    static let maxBacktrackEntries = 200_000

    /// The pattern text as written in the schema.
    let source: String
    private let program: PatternProgram
    private let stepBudget: Int

    init(_ source: String, stepBudget: Int = Pattern.defaultStepBudget) throws(PatternError) {
        var parser = PatternParser(source)
        let tree = try parser.parse()
        self.source = source
        self.program = try PatternCompiler.compile(tree, captureCount: parser.captureCount)
        self.stepBudget = stepBudget
    }

    /// Searches `string` for a match anywhere.
    func test(_ string: String) -> PatternOutcome {
        if let outcome = string.utf8.withContiguousStorageIfAvailable({ search($0) }) { return outcome }
        let bytes = Array(string.utf8)
        return bytes.withUnsafeBufferPointer { search($0) }
    }

    /// Backtracking entries kept on the stack before the matcher moves them to the heap.
    private static let inlineFrames = 32

    private func search(_ text: UnsafeBufferPointer<UInt8>) -> PatternOutcome {
        program.instructions.withUnsafeBufferPointer { code in
            program.sets.withUnsafeBufferPointer { sets in
                withUnsafeTemporaryAllocation(of: PatternMatcher.Frame.self, capacity: Self.inlineFrames) { frames in
                    withUnsafeTemporaryAllocation(of: Int.self, capacity: program.registerCount) { registers in
                        var matcher = PatternMatcher(
                            code: code, sets: sets, text: text, frames: frames, registers: registers, budget: stepBudget,
                            maxStack: Self.maxBacktrackEntries)
                        defer { matcher.releaseHeapFrames() }
                        return matcher.search(
                            anchored: program.anchoredAtStart, firstBytes: program.firstBytes,
                            firstMayBeNonASCII: program.firstMayBeNonASCII)
                    }
                }
            }
        }
    }
}
