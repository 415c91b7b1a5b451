import Foundation
import ParapetConfidence
import Testing

@Suite("Answer-token confidence")
struct AnswerTokenTests {
    static func token(_ text: String, _ p: Double, _ top: [(String, Double)] = []) -> TokenLogprob {
        TokenLogprob(token: text, logprob: log(p), top: top.map { .init(token: $0.0, logprob: log($0.1)) })
    }

    @Test func sumsTheAlternativesThatStartTheLabel() throws {
        let tokens = [
            Self.token(" Pos", 0.6, [(" Pos", 0.6), ("Positive", 0.2), (" Neg", 0.15), ("positive", 0.03)]),
            Self.token("itive", 0.99),
        ]
        let p = try #require(AnswerToken.probability(of: "positive", in: tokens))
        #expect(abs(p - 0.83) < 1e-12)
        // The position is where the generated answer starts its label: a label only listed among
        // the alternatives has none.
        #expect(AnswerToken.probability(of: "Negative", in: tokens) == nil)
    }

    @Test func skipsLeadingTextAndQuotes() throws {
        let tokens = [
            Self.token("The", 0.9), Self.token(" answer", 0.9), Self.token(" is", 0.9), Self.token(":", 0.9),
            Self.token(" \"", 0.9), Self.token("yes", 0.7, [("yes", 0.7), ("no", 0.2), ("Yes", 0.05)]), Self.token("\".", 0.9),
        ]
        let p = try #require(AnswerToken.probability(of: "yes", in: tokens))
        #expect(abs(p - 0.75) < 1e-12)
        // The first position that starts "no" is the same position (an alternative does not
        // create one): "no" is not generated anywhere, so there is no position.
        #expect(AnswerToken.probability(of: "no", in: tokens) == nil)
    }

    @Test func aTokenMayCarryTheLabelAndPunctuation() throws {
        let tokens = [Self.token("Yes.", 0.8, [("Yes.", 0.8), ("Yes", 0.1), ("Yesterday", 0.05), ("No", 0.05)])]
        let p = try #require(AnswerToken.probability(of: "yes", in: tokens))
        #expect(abs(p - 0.9) < 1e-12)
        #expect(AnswerToken.probability(of: "no", in: [Self.token("Nope", 0.9)]) == nil)
    }

    @Test func theGeneratedTokenCountsOnceAndAbsentFromTopStillCounts() throws {
        let tokens = [Self.token("safe", 0.4, [("unsafe", 0.5), ("Safe", 0.05)])]
        let p = try #require(AnswerToken.probability(of: "safe", in: tokens))
        #expect(abs(p - 0.45) < 1e-12)
    }

    @Test func hostileInput() {
        #expect(AnswerToken.probability(of: "yes", in: []) == nil)
        #expect(AnswerToken.probability(of: "", in: [Self.token("yes", 0.9)]) == nil)
        #expect(AnswerToken.probability(of: "  \"", in: [Self.token("\"", 0.9)]) == nil)
        let weird = [TokenLogprob(token: "yes", logprob: .nan, top: [.init(token: "yes", logprob: 5), .init(token: "YES", logprob: 2)])]
        let p = AnswerToken.probability(of: "yes", in: weird)
        #expect(p.map { $0 >= 0 && $0 <= 1 } == true)
        let many = Array(repeating: Self.token("x", 0.5), count: 200_000) + [Self.token("yes", 0.5)]
        #expect(AnswerToken.probability(of: "yes", in: many).map { abs($0 - 0.5) < 1e-12 } == true)
    }

    // MARK: boolean fields

    static let field = "has_sufficient_context_for_answer"

    @Test func booleanFieldAcrossTokenBoundaries() throws {
        let tokens = [
            Self.token("{\"", 1), Self.token("answer", 1), Self.token("\":\"", 1), Self.token("Paris", 0.9), Self.token("\",\"", 1),
            Self.token("has", 1), Self.token("_s", 1), Self.token("ufficient", 1), Self.token("_context", 1),
            Self.token("_for", 1), Self.token("_answer", 1), Self.token("\":", 1),
            Self.token(" true", 0.7, [(" true", 0.7), (" false", 0.25), ("true", 0.02)]), Self.token("}", 1),
        ]
        let p = try #require(AnswerToken.booleanFieldProbability(field: Self.field, in: tokens))
        #expect(abs(p - 0.72) < 1e-12)
    }

    @Test func valueStartingInsideAToken() throws {
        let tokens = [
            Self.token("{\"has_sufficient_context_for_answer", 1),
            Self.token("\":false", 0.8, [("\":false", 0.8), ("\":true", 0.15), ("\": true", 0.04)]),
            Self.token("}", 1),
        ]
        let p = try #require(AnswerToken.booleanFieldProbability(field: Self.field, in: tokens))
        #expect(abs(p - 0.19) < 1e-12)
    }

    @Test func onlyFalseVisibleGivesOneMinusFalse() throws {
        let tokens = [Self.token("{\"ok\": ", 1), Self.token("false", 0.9, [("false", 0.9)]), Self.token("}", 1)]
        let p = try #require(AnswerToken.booleanFieldProbability(field: "ok", in: tokens))
        #expect(abs(p - 0.1) < 1e-12)
    }

    @Test func keysInsideStringsAndFencesAndNestedObjects() throws {
        let text = "```json\n{\"note\": \"she wrote \\\"ok\\\": false here\", \"inner\": {\"ok\" : true}}\n```"
        let tokens = text.map { Self.token(String($0), 1) }
        // The escaped "ok" inside the note is not a key; the nested one is.
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: tokens) == 1)
    }

    @Test func missingOrNonBooleanFieldsGiveNil() {
        let tokens = [Self.token("{\"ok\": null, \"name\": \"true\"}", 1)]
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: tokens) == nil)
        #expect(AnswerToken.booleanFieldProbability(field: "missing", in: tokens) == nil)
        #expect(AnswerToken.booleanFieldProbability(field: "", in: tokens) == nil)
        #expect(AnswerToken.booleanFieldProbability(field: "o\"k", in: tokens) == nil)
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: []) == nil)
        // Cut off right after the colon: no value to read.
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: [Self.token("{\"ok\": ", 1)]) == nil)
        // Unterminated string: never a key.
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: [Self.token("{\"ok", 1)]) == nil)
        // A word that merely starts like the literal is not a boolean.
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: [Self.token("{\"ok\": trueish}", 1)]) == nil)
    }

    @Test func emptyTokensAroundTheValue() throws {
        let tokens = [Self.token("{\"ok\":", 1), Self.token("", 1), Self.token("", 1), Self.token("true", 0.6), Self.token("", 1)]
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: tokens).map { abs($0 - 0.6) < 1e-12 } == true)
    }

    @Test func hugeOutputIsScannedLinearly() {
        let filler = Array(repeating: Self.token("\"k\": \"v\", ", 1), count: 100_000)
        let tokens = [Self.token("{", 1)] + filler + [Self.token("\"ok\": ", 1), Self.token("true", 0.5), Self.token("}", 1)]
        #expect(AnswerToken.booleanFieldProbability(field: "ok", in: tokens).map { abs($0 - 0.5) < 1e-12 } == true)
    }
}
