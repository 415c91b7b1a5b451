import Foundation

/// One row of a labelled JSONL file in the formats of `shared/eval/`: a text with either a class
/// label (`attack`/`benign`, `harmful`/`safe`, `toxic`/`non_toxic`) or a list of PII spans.
public struct EvalRecord: Sendable, Decodable {
    public var id: String
    public var text: String
    public var label: Label
    public var category: String?
    /// PII rows: the entity types exhaustively labelled in this row.
    public var checkedTypes: [String]?

    public enum Label: Sendable {
        case positive(String)
        case negative(String)
        case spans([Span])
    }

    /// A labelled span in code points, end-exclusive.
    public struct Span: Sendable, Decodable, Hashable {
        public var type: String
        public var start: Int
        public var end: Int
    }

    /// Labels that mean "the detector should fire".
    public static let positiveLabels: Set<String> = ["attack", "harmful", "toxic", "unsafe", "injection", "jailbreak"]
    /// Labels that mean "the detector should stay quiet".
    public static let negativeLabels: Set<String> = ["benign", "safe", "non_toxic", "nontoxic"]

    enum CodingKeys: String, CodingKey {
        case id, text, label, category
        case checkedTypes = "checked_types"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        id = try c.decodeIfPresent(String.self, forKey: .id) ?? ""
        text = try c.decode(String.self, forKey: .text)
        category = try c.decodeIfPresent(String.self, forKey: .category)
        checkedTypes = try c.decodeIfPresent([String].self, forKey: .checkedTypes)
        if let spans = try? c.decode([Span].self, forKey: .label) {
            label = .spans(spans)
        } else {
            let raw = try c.decode(String.self, forKey: .label)
            if Self.positiveLabels.contains(raw) {
                label = .positive(raw)
            } else if Self.negativeLabels.contains(raw) {
                label = .negative(raw)
            } else {
                throw DecodingError.dataCorruptedError(
                    forKey: .label, in: c,
                    debugDescription: "unknown label \"\(raw)\" (expected a span list or one of: \((Self.positiveLabels.union(Self.negativeLabels)).sorted().joined(separator: ", ")))")
            }
        }
    }

    /// Reads a JSONL file; every bad line is reported with its line number.
    public static func load(contentsOf path: String) throws(EvalError) -> [EvalRecord] {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw EvalError("cannot read \(path)")
        }
        var records: [EvalRecord] = []
        let decoder = JSONDecoder()
        var lineNumber = 0
        for line in data.split(separator: UInt8(ascii: "\n"), omittingEmptySubsequences: false) {
            lineNumber += 1
            if line.allSatisfy({ $0 == 0x20 || $0 == 0x09 || $0 == 0x0D }) { continue }
            do {
                records.append(try decoder.decode(EvalRecord.self, from: Data(line)))
            } catch {
                throw EvalError("\(path):\(lineNumber): \(Self.describe(error))")
            }
        }
        if records.isEmpty { throw EvalError("\(path): no records") }
        return records
    }

    private static func describe(_ error: any Error) -> String {
        switch error {
        case DecodingError.dataCorrupted(let ctx): return ctx.debugDescription
        case DecodingError.keyNotFound(let key, _): return "missing field \"\(key.stringValue)\""
        case DecodingError.typeMismatch(_, let ctx): return "wrong type at \(ctx.codingPath.map(\.stringValue).joined(separator: ".")): \(ctx.debugDescription)"
        case DecodingError.valueNotFound(_, let ctx): return "null at \(ctx.codingPath.map(\.stringValue).joined(separator: "."))"
        default: return "not valid JSON"
        }
    }
}

/// A problem reading an evaluation file.
public struct EvalError: Error, Sendable, CustomStringConvertible {
    public var description: String
    public init(_ description: String) { self.description = description }
}
