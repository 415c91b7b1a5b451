import Crypto
import ParapetCore

/// The exact cache's key: hex SHA-256 of the route and the canonical request: every field that
/// can change the answer (messages, tools, `response_format`, sampling parameters, seed, …) with
/// object keys sorted at every depth; fields that cannot (`stream`, `stream_options`, `user`,
/// `metadata`, `store`) and the model (the route names it) left out. The tenant is not hashed:
/// stores keep entries per tenant.
public enum CacheKey {
    static let ignored: Set<String> = ["model", "stream", "stream_options", "user", "metadata", "store"]

    public static func make(route: String, request: ChatRequest) -> String {
        var bytes: [UInt8] = Array(route.utf8)
        bytes.append(0)
        let kept = JSONObject(request.json.filter { !ignored.contains($0.key) }.map { ($0.key, $0.value) })
        canonical(.object(kept), into: &bytes)
        return Hex.encode(SHA256.hash(data: bytes))
    }

    /// JSON with object keys sorted by their UTF-8 bytes, recursively.
    static func canonical(_ value: JSON, into bytes: inout [UInt8]) {
        switch value {
        case .object(let object):
            bytes.append(UInt8(ascii: "{"))
            let entries = object.map { ($0.key, $0.value) }.sorted { Array($0.0.utf8).lexicographicallyPrecedes(Array($1.0.utf8)) }
            for (i, entry) in entries.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                JSON.string(entry.0).write(to: &bytes)
                bytes.append(UInt8(ascii: ":"))
                canonical(entry.1, into: &bytes)
            }
            bytes.append(UInt8(ascii: "}"))
        case .array(let items):
            bytes.append(UInt8(ascii: "["))
            for (i, item) in items.enumerated() {
                if i > 0 { bytes.append(UInt8(ascii: ",")) }
                canonical(item, into: &bytes)
            }
            bytes.append(UInt8(ascii: "]"))
        default:
            value.write(to: &bytes)
        }
    }

    /// Whether a request may be answered from (and stored in) the cache: its temperature (OpenAI's
    /// default is 1) is at most `maxTemperature`, and it asks for one choice.
    public static func isCacheable(_ request: ChatRequest, maxTemperature: Double) -> Bool {
        let temperature = request.temperature ?? 1
        let n = request.json["n"]?.intValue ?? 1
        return temperature <= maxTemperature && n == 1
    }
}
