import ParapetCore
import Testing
@testable import ParapetGateway

/// Mutated and truncated bodies must give errors, never traps or hangs.
@Suite("Wire hostile input")
struct WireHostileInputTests {
    /// A small deterministic generator, so failures reproduce.
    struct Generator {
        var state: UInt64

        mutating func next(_ bound: Int) -> Int {
            state = state &* 6364136223846793005 &+ 1442695040888963407
            return Int((state >> 33) % UInt64(max(bound, 1)))
        }
    }

    static let seeds: [[UInt8]] = [
        Array(WireOpenAITests.request.utf8),
        Array(WireOpenAITests.completion.utf8),
        Array(WireAnthropicTests.anthropicRequest.utf8),
        Array(WireAnthropicTests.openAIRequest.utf8),
    ]

    static let interesting: [UInt8] = Array("{}[]\",:\\u0-eE.ntf \n".utf8) + [0x00, 0x80, 0xC0, 0xED, 0xF4, 0xFF]

    func mutate(_ bytes: [UInt8], _ generator: inout Generator) -> [UInt8] {
        var result = bytes
        for _ in 0...generator.next(4) {
            guard !result.isEmpty else { break }
            let position = generator.next(result.count)
            switch generator.next(3) {
            case 0: result[position] = Self.interesting[generator.next(Self.interesting.count)]
            case 1: result.remove(at: position)
            default: result.insert(Self.interesting[generator.next(Self.interesting.count)], at: position)
            }
        }
        return result
    }

    /// Runs every consumer over one body; errors are expected, traps are the failure.
    func exercise(_ bytes: [UInt8]) {
        guard let value = try? JSON.parse(bytes) else { return }
        #expect((try? JSON.parse(value.serialized)) == value)
        if let request = try? ChatRequest(parsing: value) {
            _ = request.texts()
            _ = try? AnthropicTranslation.messagesRequest(from: request, model: "m", defaultMaxTokens: 1)
        }
        if let request = try? AnthropicRequest(parsing: value) {
            _ = request.texts()
            _ = try? AnthropicTranslation.chatRequest(from: request)
        }
        if let completion = try? ChatCompletion(parsing: value) {
            _ = try? AnthropicTranslation.messageResponse(from: completion, model: "m")
        }
        _ = try? AnthropicTranslation.chatCompletion(fromMessage: value, model: "m")
    }

    @Test func mutatedBodiesNeverTrap() {
        var generator = Generator(state: 42)
        for seed in Self.seeds {
            exercise(seed)
            for _ in 0..<400 { exercise(mutate(seed, &generator)) }
        }
    }

    @Test func everyStrictPrefixOfAnObjectIsRejected() {
        for seed in Self.seeds {
            #expect((try? JSON.parse(seed)) != nil)
            let accepted = (0..<seed.count).filter { (try? JSON.parse(seed[..<$0])) != nil }
            #expect(accepted.isEmpty)
        }
    }

    @Test func mutatedStreamsNeverTrap() {
        var generator = Generator(state: 7)
        let stream = Array(WireStreamTranslationTests.anthropicStream.utf8)
        for _ in 0..<300 {
            var parser = SSEParser(maxEventSize: 4096)
            var translator = AnthropicToOpenAIStream(model: "m", includeUsage: true)
            let events = ((try? parser.feed(mutate(stream, &generator))) ?? []) + parser.finish()
            for event in events { _ = try? translator.consume(event) }
            _ = try? translator.finish()
        }
    }

    @Test func hugeAndOddValues() throws {
        let big = try json(#"{"model":"m","messages":[{"role":"user","content":"x"}],"max_tokens":99999999999999999999999,"seed":1e999}"#)
        #expect(wireErrorParam { _ = try ChatRequest(parsing: big) } == .some("max_tokens"))
        let deepSchema = String(repeating: #"{"a":"#, count: 120) + "1" + String(repeating: "}", count: 120)
        let request = try ChatRequest(parsing: json(#"{"model":"m","messages":[{"role":"user","content":"x"}],"tools":[{"type":"function","function":{"name":"f","parameters":"# + deepSchema + "}}]}"))
        #expect(try AnthropicTranslation.messagesRequest(from: request, model: "c", defaultMaxTokens: 1)["tools"] != nil)
    }
}
