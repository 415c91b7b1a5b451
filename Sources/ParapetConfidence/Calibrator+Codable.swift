import Foundation

/// The file format: one JSON object with a `method` and that method's parameters, e.g.
/// `{"method": "platt", "a": -2.23, "b": 1.35}`,
/// `{"method": "temperature", "temperature": 2.5}`,
/// `{"method": "isotonic", "thresholds": [0.1, 0.9], "values": [0.2, 0.7]}` or
/// `{"method": "identity"}`. Decoding validates the parameters (finite numbers, a positive
/// temperature, isotonic tables of equal non-zero length with increasing thresholds and
/// non-decreasing values in 0…1) and rejects unknown members.
extension Calibrator: Codable {
    private enum CodingKeys: String, CodingKey, CaseIterable {
        case method, temperature, a, b, thresholds, values
    }

    private struct AnyKey: CodingKey {
        var stringValue: String
        var intValue: Int? { nil }
        init(stringValue: String) { self.stringValue = stringValue }
        init?(intValue: Int) { nil }
    }

    /// Decodes and validates the file format above.
    public init(from decoder: any Decoder) throws {
        let known = Set(CodingKeys.allCases.map(\.rawValue))
        let all = try decoder.container(keyedBy: AnyKey.self)
        if let unknown = all.allKeys.map(\.stringValue).sorted().first(where: { !known.contains($0) }) {
            throw Self.invalid("unknown member \"\(unknown)\"", decoder: decoder)
        }
        let container = try decoder.container(keyedBy: CodingKeys.self)
        let method = try container.decode(String.self, forKey: .method)
        func finite(_ key: CodingKeys) throws -> Double {
            let value = try container.decode(Double.self, forKey: key)
            guard value.isFinite else { throw Self.invalid("\(key.rawValue) must be a finite number", decoder: decoder) }
            return value
        }
        switch method {
        case "identity":
            self = .identity
        case "temperature":
            let temperature = try finite(.temperature)
            guard temperature > 0 else { throw Self.invalid("temperature must be positive, not \(temperature)", decoder: decoder) }
            self = .temperature(temperature)
        case "platt":
            self = .platt(a: try finite(.a), b: try finite(.b))
        case "isotonic":
            let thresholds = try container.decode([Double].self, forKey: .thresholds)
            let values = try container.decode([Double].self, forKey: .values)
            if let problem = Self.isotonicProblem(thresholds: thresholds, values: values) {
                throw Self.invalid(problem, decoder: decoder)
            }
            self = .isotonic(thresholds: thresholds, values: values)
        default:
            let names = ["identity"] + CalibrationMethod.allCases.map(\.rawValue)
            throw Self.invalid("unknown method \"\(method)\" (expected one of: \(names.joined(separator: ", ")))", decoder: decoder)
        }
    }

    /// Encodes the file format above.
    public func encode(to encoder: any Encoder) throws {
        var container = encoder.container(keyedBy: CodingKeys.self)
        switch self {
        case .identity:
            try container.encode("identity", forKey: .method)
        case .temperature(let temperature):
            try container.encode("temperature", forKey: .method)
            try container.encode(temperature, forKey: .temperature)
        case .platt(let a, let b):
            try container.encode("platt", forKey: .method)
            try container.encode(a, forKey: .a)
            try container.encode(b, forKey: .b)
        case .isotonic(let thresholds, let values):
            try container.encode("isotonic", forKey: .method)
            try container.encode(thresholds, forKey: .thresholds)
            try container.encode(values, forKey: .values)
        }
    }

    static func isotonicProblem(thresholds: [Double], values: [Double]) -> String? {
        guard !thresholds.isEmpty else { return "isotonic thresholds must not be empty" }
        guard thresholds.count == values.count else {
            return "isotonic thresholds (\(thresholds.count)) and values (\(values.count)) must have the same length"
        }
        guard thresholds.allSatisfy(\.isFinite) else { return "isotonic thresholds must be finite numbers" }
        guard zip(thresholds, thresholds.dropFirst()).allSatisfy({ $0 < $1 }) else { return "isotonic thresholds must be increasing" }
        guard values.allSatisfy({ $0 >= 0 && $0 <= 1 }) else { return "isotonic values must be probabilities in 0…1" }
        guard zip(values, values.dropFirst()).allSatisfy({ $0 <= $1 }) else { return "isotonic values must not decrease" }
        return nil
    }

    private static func invalid(_ message: String, decoder: any Decoder) -> DecodingError {
        .dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: message))
    }

    /// Reads a calibrator file written by `write(to:)` (or by hand). Throws a `CalibrationError`
    /// whose message names the file and what is wrong with it.
    public static func load(contentsOf url: URL) throws -> Calibrator {
        let data: Data
        do {
            data = try Data(contentsOf: url)
        } catch {
            throw CalibrationError.badFile(path: url.path, reason: "cannot read the file (\(error.localizedDescription))")
        }
        guard (try? JSONSerialization.jsonObject(with: data)) is [String: Any] else {
            throw CalibrationError.badFile(path: url.path, reason: "not a JSON object (expected e.g. {\"method\": \"platt\", \"a\": -2.2, \"b\": 1.3})")
        }
        do {
            return try JSONDecoder().decode(Calibrator.self, from: data)
        } catch let error as DecodingError {
            throw CalibrationError.badFile(path: url.path, reason: describe(error))
        }
    }

    /// Writes the calibrator as pretty-printed JSON with sorted keys, atomically.
    public func write(to url: URL) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        var data = try encoder.encode(self)
        data.append(contentsOf: Array("\n".utf8))
        try data.write(to: url, options: .atomic)
    }

    private static func describe(_ error: DecodingError) -> String {
        func path(_ context: DecodingError.Context, _ key: (any CodingKey)? = nil) -> String {
            let names = (context.codingPath + (key.map { [$0] } ?? [])).map { $0.intValue.map { "[\($0)]" } ?? $0.stringValue }
            return names.isEmpty ? "" : "\(names.joined(separator: ".")): "
        }
        switch error {
        case .keyNotFound(let key, let context): return "\(path(context))missing member \"\(key.stringValue)\""
        case .typeMismatch(let type, let context): return "\(path(context))expected \(type == Double.self ? "a number" : type == String.self ? "a string" : "\(type)")"
        case .valueNotFound(_, let context): return "\(path(context))a value is null"
        case .dataCorrupted(let context): return "\(path(context))\(context.debugDescription)"
        @unknown default: return "\(error)"
        }
    }
}
