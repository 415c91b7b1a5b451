import Foundation
import ParapetConfidence
import ParapetCore
import Testing

@Suite("Logprobs and summaries")
struct LogprobsTests {
    static let choice = """
        {"index": 0, "message": {"role": "assistant", "content": "Yes"}, "finish_reason": "stop",
         "logprobs": {"content": [
           {"token": "Yes", "logprob": -0.1, "bytes": [89, 101, 115],
            "top_logprobs": [{"token": "Yes", "logprob": -0.1, "bytes": [89, 101, 115]}, {"token": "No", "logprob": -2.4, "bytes": null}]},
           {"token": ".", "logprob": -0.5, "top_logprobs": []}
         ], "refusal": null}}
        """

    static func parse(_ text: String) throws -> JSON { try JSON.parse(Array(text.utf8)) }

    @Test func readsAnOpenAIChoice() throws {
        let tokens = try #require(Logprobs.tokens(inChoice: Self.parse(Self.choice)))
        #expect(tokens.count == 2)
        #expect(tokens[0] == TokenLogprob(token: "Yes", logprob: -0.1, top: [.init(token: "Yes", logprob: -0.1), .init(token: "No", logprob: -2.4)]))
        #expect(tokens[1].top.isEmpty)
    }

    @Test(arguments: [
        #"{"index": 0}"#,
        #"{"logprobs": null}"#,
        #"{"logprobs": {"content": null}}"#,
        #"{"logprobs": {"content": {"token": "a"}}}"#,
        #"{"logprobs": {"content": [{"logprob": -1}]}}"#,
        #"{"logprobs": {"content": [{"token": "a"}]}}"#,
        #"{"logprobs": {"content": [{"token": "a", "logprob": "-1"}]}}"#,
        #"{"logprobs": {"content": [{"token": 1, "logprob": -1}]}}"#,
        #"{"logprobs": {"content": [{"token": "a", "logprob": -1, "top_logprobs": {}}]}}"#,
        #"{"logprobs": {"content": [{"token": "a", "logprob": -1, "top_logprobs": [{"token": "b"}]}]}}"#,
        #"{"logprobs": {"content": [1, 2]}}"#,
        #"[]"#,
        #"null"#,
    ])
    func absentOrMalformedGivesNil(text: String) throws {
        #expect(Logprobs.tokens(inChoice: try Self.parse(text)) == nil)
    }

    @Test func emptyContentIsEmptyNotNil() throws {
        #expect(Logprobs.tokens(inChoice: try Self.parse(#"{"logprobs": {"content": []}}"#)) == [])
        #expect(Logprobs.tokens(inChoice: try Self.parse(#"{"logprobs": {"content": [{"token": "", "logprob": 0, "top_logprobs": null}]}}"#))?.count == 1)
    }

    @Test func hugeListsAreReadInFull() throws {
        let entry = #"{"token": "a", "logprob": -0.01, "top_logprobs": [{"token": "a", "logprob": -0.01}, {"token": "b", "logprob": -5}]}"#
        let text = #"{"logprobs": {"content": ["# + Array(repeating: entry, count: 50_000).joined(separator: ",") + "]}}"
        let tokens = try #require(Logprobs.tokens(inChoice: Self.parse(text)))
        #expect(tokens.count == 50_000)
        let summary = try #require(LogprobSummary(tokens: tokens))
        #expect(abs(summary.meanProbability - exp(-0.01)) < 1e-12)
        #expect(abs(summary.perplexity - exp(0.01)) < 1e-9)
    }

    @Test func summaryStatistics() throws {
        let tokens = [TokenLogprob(token: "a", logprob: log(0.5)), TokenLogprob(token: "b", logprob: log(0.8)), TokenLogprob(token: "c", logprob: log(0.2))]
        let summary = try #require(LogprobSummary(tokens: tokens))
        #expect(summary.count == 3)
        #expect(abs(summary.meanProbability - 0.5) < 1e-12)
        #expect(abs(summary.geometricMeanProbability - pow(0.08, 1.0 / 3)) < 1e-12)
        #expect(abs(summary.perplexity - 1 / pow(0.08, 1.0 / 3)) < 1e-9)
        #expect(abs(summary.minimumProbability - 0.2) < 1e-12)
        #expect(summary.score(.meanProbability) == summary.meanProbability)
        #expect(summary.score(.geometricMean) == summary.geometricMeanProbability)
        #expect(summary.score(.minimumProbability) == summary.minimumProbability)
        #expect(summary.score(.answerToken) == nil)
        #expect(summary.score(.judge) == nil)
    }

    @Test func emptyHasNoSummary() {
        #expect(LogprobSummary(tokens: []) == nil)
    }

    /// NaN, infinities and impossible positive logprobs never make a probability leave 0…1.
    @Test func hostileLogprobsStayInRange() throws {
        let tokens = [
            TokenLogprob(token: "a", logprob: .nan),
            TokenLogprob(token: "b", logprob: 3.5),
            TokenLogprob(token: "c", logprob: -.infinity),
            TokenLogprob(token: "d", logprob: .infinity),
            TokenLogprob(token: "e", logprob: -1e308),
        ]
        let summary = try #require(LogprobSummary(tokens: tokens))
        for value in [summary.meanProbability, summary.geometricMeanProbability, summary.minimumProbability] {
            #expect(value >= 0 && value <= 1)
        }
        #expect(summary.minimumProbability == 0)
        #expect(abs(summary.meanProbability - 0.4) < 1e-12)  // two tokens at probability 1 of five
        #expect(summary.perplexity >= 1)
        let one = try #require(LogprobSummary(tokens: [TokenLogprob(token: "x", logprob: 0.7)]))
        #expect(one.meanProbability == 1 && one.perplexity == 1)
    }

    @Test func positiveAndHugeNumbersInJSONAreKeptAsSent() throws {
        let text = #"{"logprobs": {"content": [{"token": "a", "logprob": 0.25}, {"token": "b", "logprob": -1e999}]}}"#
        let tokens = try #require(Logprobs.tokens(inChoice: Self.parse(text)))
        #expect(tokens[0].logprob == 0.25)
        #expect(tokens[0].probability == 1)
        #expect(tokens[1].probability == 0)
    }
}
