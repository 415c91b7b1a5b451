import ParapetCore
import Testing

@testable import ParapetGuards

/// The compact text and steps of a repair, or nil.
private func repaired(_ text: String, maxBytes: Int = JSONRepair.defaultMaxBytes) -> (String, [JSONRepairStep])? {
    guard let outcome = JSONRepair.repair(text, maxBytes: maxBytes) else { return nil }
    return (outcome.text, outcome.steps)
}

private func expectRepair(
    _ text: String, _ expected: String, _ steps: [JSONRepairStep], sourceLocation: SourceLocation = #_sourceLocation
) {
    let result = repaired(text)
    #expect(result?.0 == expected, sourceLocation: sourceLocation)
    #expect(result?.1 == steps, sourceLocation: sourceLocation)
}

@Suite struct JSONRepairTests {
    // MARK: Already valid, or hopeless

    @Test func validInputIsReturnedWithoutSteps() throws {
        expectRepair(#"{ "a": 1, "b": [true, null, "x"] }"#, #"{"a":1,"b":[true,null,"x"]}"#, [])
        expectRepair(" 42 ", "42", [])
        let outcome = try #require(JSONRepair.repair(#"{"n": 1.50}"#))
        #expect(outcome.value == .object(["n": .number("1.50")]))
    }

    @Test func emptyAndBlankGiveNil() {
        #expect(JSONRepair.repair("") == nil)
        #expect(JSONRepair.repair(" \n\t ") == nil)
        #expect(JSONRepair.repair("```json\n```") == nil)
    }

    @Test func damageThatIsNotOneOfTheStepsGivesNil() {
        #expect(repaired("hello world") == nil)
        #expect(repaired("{a: 1}") == nil)
        #expect(repaired(#"{"a": 1 "b": 2}"#) == nil)
        #expect(repaired(#"{"a": 'single'}"#) == nil)
        #expect(repaired(#"{"a": 1, "a": 2}"#) == nil)
        #expect(repaired(#"{"a": 1} and {"b": 2}"#) == nil, "two objects are two answers")
        #expect(repaired(#"{"a": undefined"#) == nil, "not a truncation")
    }

    // MARK: Each step alone

    @Test func stripsFences() {
        expectRepair("```json\n{\"a\": 1}\n```", #"{"a":1}"#, [.stripFences])
        expectRepair("```\n[1, 2]\n```\n", "[1,2]", [.stripFences])
        expectRepair("  ```JSON5  \r\n{\"a\": 1}\r\n  ```", #"{"a":1}"#, [.stripFences])
        expectRepair("Here you go:\n```json\n{\"a\": 1}\n```\nLet me know if you need more!", #"{"a":1}"#, [.stripFences])
        expectRepair("Sure: ```json\n{\"a\": 1}\n```", #"{"a":1}"#, [.stripFences])
        expectRepair("```json {\"a\": 1}```", #"{"a":1}"#, [.stripFences])
        expectRepair("````json\n{\"a\": \"```\"}\n````", #"{"a":"```"}"#, [.stripFences])
    }

    @Test func extractsTheValueFromProse() {
        expectRepair(#"Here is the JSON: {"a": {"b": [1, 2]}} Hope this helps!"#, #"{"a":{"b":[1,2]}}"#, [.extractValue])
        expectRepair("The list: [1, 2, 3].", "[1,2,3]", [.extractValue])
        expectRepair(#"As noted in [1], the answer is {"ok": true}."#, #"{"ok":true}"#, [.extractValue])
        expectRepair(#"Use {braces} like this: {"a": "} and {"}"#, #"{"a":"} and {"}"#, [.extractValue])
        expectRepair(#"Result: [the results] are [{"a": 1}]"#, #"[{"a":1}]"#, [.extractValue])
    }

    @Test func replacesStructuralSmartQuotes() {
        expectRepair("{“name”: “Ada”, “tags”: [“x”, “y”]}", #"{"name":"Ada","tags":["x","y"]}"#, [.smartQuotes])
        expectRepair("{‘name’: ‘Ada’s’}", #"{"name":"Ada’s"}"#, [.smartQuotes])
        expectRepair("{“quote”: “He said “hi” to me”}", #"{"quote":"He said “hi” to me"}"#, [.smartQuotes])
        expectRepair("{“a”: “say \"hi\" now”}", #"{"a":"say \"hi\" now"}"#, [.smartQuotes])
        expectRepair("{“a”: “line\\nbreak”}", #"{"a":"line\nbreak"}"#, [.smartQuotes])
    }

    @Test func smartQuotesInsideStraightStringsStay() {
        expectRepair(#"{"a": "“quoted” and ‘single’", }"#, #"{"a":"“quoted” and ‘single’"}"#, [.trailingCommas])
    }

    @Test func dropsTrailingCommas() {
        expectRepair(#"{"a": [1, 2, ], "b": {"c": 3,},}"#, #"{"a":[1,2],"b":{"c":3}}"#, [.trailingCommas])
        expectRepair("[1,\n  2,\n]", "[1,2]", [.trailingCommas])
    }

    @Test func closesTruncatedOutput() {
        expectRepair(#"{"a": "hello wor"#, #"{"a":"hello wor"}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b"#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b""#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b": "#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1,  "#, #"{"a":1}"#, [.closeTruncated])
        expectRepair("[\"x\", ", #"["x"]"#, [.closeTruncated])
        expectRepair("{", "{}", [.closeTruncated])
        expectRepair("[", "[]", [.closeTruncated])
        expectRepair(#""abc"#, #""abc""#, [.closeTruncated])
    }

    @Test func dropsIncompleteLiteralsAndNumbers() {
        expectRepair(#"{"a": 1, "b": tru"#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b": true"#, #"{"a":1,"b":true}"#, [.closeTruncated])
        expectRepair(#"[null, fals"#, "[null]", [.closeTruncated])
        expectRepair(#"{"a": 1, "b": 1."#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b": -"#, #"{"a":1}"#, [.closeTruncated])
        expectRepair(#"{"a": 1, "b": 2e+"#, #"{"a":1}"#, [.closeTruncated])
        // A number that reaches the end may have lost digits: dropped, not guessed.
        expectRepair(#"{"a": 1, "b": 12"#, #"{"a":1}"#, [.closeTruncated])
        expectRepair("[1, 2, 3", "[1,2]", [.closeTruncated])
        expectRepair("[1, 2, 3 ", "[1,2,3]", [.closeTruncated])
    }

    @Test func dropsHalfWrittenEscapes() {
        expectRepair(#"{"a": "x\"#, #"{"a":"x"}"#, [.closeTruncated])
        expectRepair(#"{"a": "x\u00"#, #"{"a":"x"}"#, [.closeTruncated])
        expectRepair(#"{"a": "x\uD83D"#, #"{"a":"x"}"#, [.closeTruncated])
        expectRepair(#"{"a": "x\uD83D\uDE00"#, #"{"a":"x😀"}"#, [.closeTruncated])
        expectRepair(#"{"a": "say \"hi"#, #"{"a":"say \"hi"}"#, [.closeTruncated])
    }

    @Test func closesNestedTruncationInnermostFirst() {
        expectRepair(#"{"a": {"b": [1, {"c": "x"#, #"{"a":{"b":[1,{"c":"x"}]}}"#, [.closeTruncated])
        expectRepair(#"[{"a": [[], {"#, #"[{"a":[[],{}]}]"#, [.closeTruncated])
        expectRepair(#"{"a": [{"b": 1}, {"c""#, #"{"a":[{"b":1},{}]}"#, [.closeTruncated])
    }

    // MARK: Things inside strings are not structure

    @Test func stringContentIsNeverRepaired() {
        expectRepair(#"{"a": "it's, fine", "b": "x,}", "c": "y, ]", }"#, #"{"a":"it's, fine","b":"x,}","c":"y, ]"}"#, [.trailingCommas])
        expectRepair(#"{"a": "he said \"ok,\" }", }"#, #"{"a":"he said \"ok,\" }"}"#, [.trailingCommas])
        expectRepair(#"{"a": "} ] ,", "b": "#, #"{"a":"} ] ,"}"#, [.closeTruncated])
        expectRepair(#"{"a": "\\", "b": [1,]}"#, #"{"a":"\\","b":[1]}"#, [.trailingCommas])
    }

    // MARK: Combinations

    @Test func stepsCombineInOrder() {
        expectRepair(
            "Here you go:\n```json\n{“items”: [“a”, “b”,], “note”: “cut off he",
            #"{"items":["a","b"],"note":"cut off he"}"#, [.stripFences, .smartQuotes, .trailingCommas, .closeTruncated])
        expectRepair(
            #"Sure! Here is the data: {"rows": [{"id": 1,}, {"id": 2, "tags": ["x","#,
            #"{"rows":[{"id":1},{"id":2,"tags":["x"]}]}"#, [.extractValue, .trailingCommas, .closeTruncated])
        expectRepair("```json\n[1, 2,]\n```", "[1,2]", [.stripFences, .trailingCommas])
    }

    // MARK: Hostile input

    @Test func invalidUTF8DoesNotCrash() throws {
        let broken = String(decoding: [0x7B, 0x22, 0x61, 0x22, 0x3A, 0x20, 0x22, 0xFF, 0xC3, 0x28, 0xE2, 0x80], as: UTF8.self)
        let outcome = try #require(JSONRepair.repair(broken))
        #expect(outcome.value == .object(["a": .string("\u{FFFD}\u{FFFD}(\u{FFFD}")]))
        var generator = SplitMix(seed: 42)
        for _ in 0..<300 {
            let length = Int(generator.next() % 64)
            let alphabet: [UInt8] = Array(#"{}[]",:"\ 1-.etrufnl"#.utf8) + [0xE2, 0x80, 0x9C, 0x9D, 0xFF, 0x60, 0x0A]
            let bytes = (0..<length).map { _ in alphabet[Int(generator.next() % UInt64(alphabet.count))] }
            if let outcome = JSONRepair.repair(String(decoding: bytes, as: UTF8.self)) {
                #expect((try? JSON.parse(Array(outcome.text.utf8))) == outcome.value)
            }
        }
    }

    @Test func everyPrefixOfAValidDocumentRepairsOrIsRefused() throws {
        let document = #"{"name": "Ada \"L\" ✓", "n": [1, -2.5e3, true, null, {"k": []}], "s": "\u00e9\\"}"#
        let bytes = Array(document.utf8)
        for cut in 1...bytes.count {
            let prefix = String(decoding: bytes[..<cut], as: UTF8.self)
            guard let outcome = JSONRepair.repair(prefix) else { continue }
            #expect(outcome.steps == (cut == bytes.count ? [] : [.closeTruncated]), "cut at \(cut)")
            #expect((try? JSON.parse(Array(outcome.text.utf8))) == outcome.value)
        }
    }

    @Test func deepAndHugeInputIsBounded() throws {
        #expect(JSONRepair.repair(String(repeating: "[", count: 200_000)) == nil, "deeper than the parser allows")
        #expect(JSONRepair.repair(String(repeating: #"{"a":"#, count: 100_000)) == nil)
        #expect(JSONRepair.repair(String(repeating: "[", count: 100))?.steps == [.closeTruncated])
        // About 850 KB: a long truncated array whose strings hold brackets and commas.
        let items = "[" + (0..<20_000).map { #"{"id": \#($0), "text": "row, with } and ]"},"# }.joined()
        let result = JSONRepair.repair(items)
        let outcome = try #require(result)
        #expect(outcome.steps == [.closeTruncated])
        #expect(outcome.value.arrayValue?.count == 20_000)
        #expect(JSONRepair.repair(#"{"a": 1,}"#, maxBytes: 5) == nil)
        #expect(JSONRepair.repair(String(repeating: " ", count: (1 << 20) + 1)) == nil)
    }
}

/// SplitMix64: a small deterministic generator for the fuzz loop.
private struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
