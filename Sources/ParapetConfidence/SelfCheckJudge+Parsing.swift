import ParapetCore

extension SelfCheckJudge {
    /// The longest reply `parseScore` reads; a judge asked for `{"score": 0.8}` has no reason to
    /// say more.
    public static let maximumReplyLength = 4_096

    /// The judge's grade in 0…1, or nil when the reply is not one of the accepted forms:
    /// - a JSON object with a numeric `score` (or a numeric string), possibly inside a markdown
    ///   code fence: `{"score": 0.8}`;
    /// - a bare number in 0…1: `0.8`;
    /// - an optional `score` label with `:` or `=`, then a number in 0…1, a fraction `8/10`, or a
    ///   percentage `80%`: `Score: 8/10`.
    ///
    /// Surrounding whitespace and one trailing `.` are ignored. Anything else (prose, two
    /// numbers, a grade outside 0…1, a zero denominator, a reply longer than
    /// `maximumReplyLength` bytes) gives nil: a judge that did not follow the format is no
    /// signal.
    public static func parseScore(_ text: String) -> Double? {
        guard text.utf8.count <= maximumReplyLength else { return nil }
        var trimmed = Substring(text).trimmingWhitespace()
        if trimmed.hasPrefix("```") {
            trimmed = trimmed.dropFirst(3).drop { $0 != "\n" && $0 != "{" }
            guard trimmed.hasSuffix("```") else { return nil }
            trimmed = trimmed.dropLast(3).trimmingWhitespace()
        }
        if trimmed.first == "{" { return jsonScore(trimmed) }
        if trimmed.last == "." { trimmed = trimmed.dropLast() }
        var scanner = ScoreScanner(Array(trimmed.utf8))
        return scanner.labelledScore()
    }

    static func jsonScore(_ text: Substring) -> Double? {
        guard let object = (try? JSON.parse(Array(text.utf8), maxDepth: 8))?.objectValue,
            let score = object["score"] ?? object["Score"]
        else { return nil }
        let value: Double?
        switch score {
        case .number(let number): value = Double(number)
        case .string(let string):
            var scanner = ScoreScanner(Array(Substring(string).trimmingWhitespace().utf8))
            value = scanner.labelledScore()
        default: value = nil
        }
        guard let value, value >= 0, value <= 1 else { return nil }
        return value
    }
}

/// Reads `[score[:|=]] number[/number|%]` and nothing else.
struct ScoreScanner {
    let bytes: [UInt8]
    var index = 0

    init(_ bytes: [UInt8]) { self.bytes = bytes }

    mutating func labelledScore() -> Double? {
        let label = Array("score".utf8)
        if bytes.count >= label.count, zip(bytes, label).allSatisfy({ $0 | 0x20 == $1 }) {
            index = label.count
            skipSpaces()
            if index < bytes.count, bytes[index] == UInt8(ascii: ":") || bytes[index] == UInt8(ascii: "=") { index += 1 }
            skipSpaces()
        }
        guard let numerator = number() else { return nil }
        skipSpaces()
        var value = numerator
        if index < bytes.count, bytes[index] == UInt8(ascii: "/") {
            index += 1
            skipSpaces()
            guard let denominator = number(), denominator > 0 else { return nil }
            value = numerator / denominator
        } else if index < bytes.count, bytes[index] == UInt8(ascii: "%") {
            index += 1
            value = numerator / 100
        }
        skipSpaces()
        guard index == bytes.count, value.isFinite, value >= 0, value <= 1 else { return nil }
        return value
    }

    /// Digits with an optional fraction (`8`, `0.8`, `.8`), at most 32 bytes.
    mutating func number() -> Double? {
        let start = index
        while index < bytes.count, index - start < 32,
            (UInt8(ascii: "0")...UInt8(ascii: "9")).contains(bytes[index]) || bytes[index] == UInt8(ascii: ".")
        {
            index += 1
        }
        guard index > start else { return nil }
        let text = String(decoding: bytes[start..<index], as: UTF8.self)
        guard text.filter({ $0 == "." }).count <= 1, text != "." else { return nil }
        return Double(text.hasPrefix(".") ? "0" + text : text)
    }

    mutating func skipSpaces() {
        while index < bytes.count, bytes[index] == 0x20 || bytes[index] == 0x09 { index += 1 }
    }
}

extension Substring {
    /// The text without leading and trailing whitespace and newlines.
    func trimmingWhitespace() -> Substring {
        let text = self
        let start = text.firstIndex { !$0.isWhitespace } ?? text.endIndex
        let end = text.lastIndex { !$0.isWhitespace }.map { text.index(after: $0) } ?? start
        return text[start..<Swift.max(start, end)]
    }
}
