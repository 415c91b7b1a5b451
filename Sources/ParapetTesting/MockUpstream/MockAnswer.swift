/// What the mock answers to one completion request, independent of the API shape.
struct MockAnswer: Sendable {
    /// An assistant text, or a call of the first tool offered.
    enum Content: Sendable, Equatable {
        case text(String)
        case toolCall(name: String)
    }

    /// How many characters of the last user message the default answer repeats.
    static let echoedCharacters = 60
    /// The prefix of the default answer.
    static let defaultPrefix = "Mock answer: "

    var content: Content
    /// The model named in the request, or `mock-model`.
    var model: String
    /// A number unique per request, used in ids (`chatcmpl-mock-7`, `msg_mock_7`).
    var serial: Int
    /// The request's size in bytes divided by 4 (at least 1).
    var promptTokens: Int
    /// The number of words in the answer (at least 1).
    var completionTokens: Int
    /// Whether the text was cut to `max_tokens` words.
    var reachedTokenLimit: Bool

    /// Builds the answer to `request`; `reply` replaces the default text.
    init(request: MockRequest, reply: String?, requestBytes: Int, serial: Int) {
        self.model = request.model ?? "mock-model"
        self.serial = serial
        self.promptTokens = max(1, requestBytes / 4)
        if let tool = request.firstToolName {
            content = .toolCall(name: tool)
            completionTokens = 1
            reachedTokenLimit = false
            return
        }
        var text = reply ?? Self.defaultPrefix + String(request.lastUserText.prefix(Self.echoedCharacters))
        if reply == nil, request.wantsJSON {
            // A JSON answer, `{"answer":"Mock answer: …"}`, for response_format json_object/json_schema.
            text = "{\"answer\":" + Self.jsonString(text) + "}"
        }
        var words = Self.wordCount(text)
        reachedTokenLimit = false
        if let limit = request.maxTokens, limit >= 0, words > limit {
            let kept = limit == 0 ? "" : Self.chunks(of: text, wordsPerChunk: limit).first ?? ""
            text = kept.lastIndex { !$0.isWhitespace }.map { String(kept[...$0]) } ?? ""
            words = limit
            reachedTokenLimit = true
        }
        content = .text(text)
        completionTokens = max(1, words)
    }

    var totalTokens: Int { promptTokens + completionTokens }

    /// `text` as a JSON string literal.
    static func jsonString(_ text: String) -> String {
        var out = "\""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    out += "\\u00" + (scalar.value < 0x10 ? "0" : "") + String(scalar.value, radix: 16)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }

    /// The text split into stream chunks of up to three words (each keeps its trailing space),
    /// and into at least two chunks when the text has two words or more.
    var textChunks: [Substring] {
        guard case .text(let text) = content else { return [] }
        let words = Self.wordCount(text)
        return Self.chunks(of: text, wordsPerChunk: min(3, max(1, words / 2)))
    }

    static func wordCount(_ text: some StringProtocol) -> Int {
        text.split(whereSeparator: \.isWhitespace).count
    }

    /// Cuts `text` after every `wordsPerChunk`-th run of whitespace; the pieces join to `text`.
    static func chunks(of text: String, wordsPerChunk: Int) -> [Substring] {
        var chunks: [Substring] = []
        var start = text.startIndex
        var words = 0
        var inWord = false
        var index = text.startIndex
        while index < text.endIndex {
            let isSpace = text[index].isWhitespace
            if !isSpace && !inWord {
                if words == wordsPerChunk {
                    chunks.append(text[start..<index])
                    start = index
                    words = 0
                }
                words += 1
            }
            inWord = !isSpace
            index = text.index(after: index)
        }
        if start < text.endIndex || chunks.isEmpty { chunks.append(text[start...]) }
        return chunks
    }
}
