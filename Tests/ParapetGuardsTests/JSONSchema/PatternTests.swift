import Testing

@testable import ParapetGuards

@Suite struct PatternTests {
    func matches(_ pattern: String, _ text: String) throws -> Bool {
        try Pattern(pattern).test(text) == .match
    }

    @Test(arguments: [
        // pattern, text, expected
        ("abc", "xxabcxx", true),
        ("abc", "ab", false),
        ("^abc$", "abc", true),
        ("^abc$", "abcd", false),
        ("a.c", "a\u{1F600}c", true),
        ("a.c", "a\nc", false),
        ("[a-c]+", "xbz", true),
        ("^[^a-c]+$", "xyz", true),
        ("^[^a-c]+$", "xaz", false),
        ("^\\d{3}-\\d{4}$", "555-1234", true),
        ("^\\d{3}-\\d{4}$", "555-12345", false),
        ("\\w+@\\w+\\.com", "mail bob@example.com now", true),
        ("^\\s*$", " \t\u{3000}", true),
        ("^\\S+$", "a b", false),
        ("\\bfoo\\b", "a foo b", true),
        ("\\bfoo\\b", "afoob", false),
        ("\\Boo\\B", "afoob", true),
        ("^(?:ab|cd)+$", "abcdab", true),
        ("^(?:ab|cd)+$", "abce", false),
        ("^(a|ab)(c|bcd)(d*)$", "abcd", true),
        ("^a{2,3}$", "aaaa", false),
        ("^a{2,}$", "aaaa", true),
        ("^a{2}$", "aa", true),
        ("^(ab){2}$", "abab", true),
        ("^(ab){1,2}c$", "ababc", true),
        ("^(ab){1,2}c$", "abababc", false),
        ("a+?b", "aaab", true),
        ("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abc123", true),
        ("^(?=.*\\d)(?=.*[a-z]).{6,}$", "abcdef", false),
        ("^(?!foo).*$", "foobar", false),
        ("^(?!foo).*$", "barfoo", true),
        ("^(\\w)\\1$", "aa", true),
        ("^(\\w)\\1$", "ab", false),
        ("^(?<x>\\w)\\k<x>$", "zz", true),
        ("^\\p{L}+$", "héllo", true),
        ("^\\p{Lu}", "Éa", true),
        ("^\\p{Lu}", "éa", false),
        ("^\\P{L}+$", "123", true),
        ("^[\\p{L}\\d]+$", "ab12", true),
        ("^\\u{1F600}$", "\u{1F600}", true),
        ("^\\uD83D\\uDE00$", "\u{1F600}", true),
        ("^\\x41\\u0042$", "AB", true),
        ("^[\\u0000-\\u007F]*$", "plain", true),
        ("^[\\u0000-\\u007F]*$", "plaîn", false),
        ("^.$", "\u{1F600}", true),
        ("a{", "a{", true),
        ("a}", "a}", true),
        ("^[\\d-z]+$", "1-z", true),
        ("(a*)*b", "aaab", true),
        ("(a*)*b", "aaa", false),
        ("(a|)*c", "aac", true),
        ("", "anything", true),
        ("^$", "", true),
        ("x*", "", true),
        ("[]", "a", false),
        ("^[^]$", "a", true),
        ("\\/path", "/path", true),
        ("^[+-]?\\d+(\\.\\d+)?$", "-3.25", true),
        ("^[a-z0-9._%+-]+@[a-z0-9.-]+\\.[a-z]{2,}$", "a.b@c.io", true),
        ("^\\cJ$", "\n", true),
        ("^[\\b]$", "\u{8}", true),
        ("^\\d+$", "١٢٣", false),
    ])
    func cases(pattern: String, text: String, expected: Bool) throws {
        #expect(try matches(pattern, text) == expected, "\(pattern) on \(text)")
    }

    @Test(arguments: [
        "(", ")", "[a", "a**", "*a", "a{2,1}", "\\", "(?<=a)b", "(?<!a)b", "\\a", "\\p{Script=Greek}",
        "\\p{Nope}", "\\2(a)", "x{100000}", "^*", "\\k<nope>", "[z-a]", "(?x)", "\\01", "\\u{110000}",
    ])
    func refused(pattern: String) {
        #expect(throws: PatternError.self) { try Pattern(pattern) }
    }

    @Test func catastrophicPatternStopsAtBudget() throws {
        let pattern = try Pattern("^(a+)+$", stepBudget: 100_000)
        let outcome = pattern.test(String(repeating: "a", count: 40) + "!")
        #expect(outcome == .budgetExceeded)
        let nested = try Pattern("^((a|aa)*)*b$", stepBudget: 50_000)
        #expect(nested.test(String(repeating: "a", count: 60)) == .budgetExceeded)
    }

    @Test func longInputsDoNotExhaustTheStack() throws {
        // Single-scalar repetition keeps one backtracking entry however long the input.
        let long = String(repeating: "ab", count: 200_000)
        #expect(try Pattern("^[ab]*$").test(long) == .match)
        #expect(try Pattern("^.*c").test(long) == .noMatch)
        // A group repetition keeps one entry per iteration: fine for 40 KB, over the entry cap
        // (a budget outcome, not a crash) for 400 KB.
        #expect(try Pattern("^(?:ab)*$").test(String(repeating: "ab", count: 20_000)) == .match)
        #expect(try Pattern("^(?:ab)*$").test(long) == .budgetExceeded)
    }

    @Test func deeplyNestedPatternIsRefused() {
        let deep = String(repeating: "(", count: 1_000) + "a" + String(repeating: ")", count: 1_000)
        #expect(throws: PatternError.self) { try Pattern(deep) }
    }

    @Test func errorNamesTheOffset() {
        do {
            _ = try Pattern("ab\\q")
            Issue.record("expected an error")
        } catch {
            #expect(error.offset == 2)
            #expect(error.description == "invalid escape at offset 2")
        }
    }
}
