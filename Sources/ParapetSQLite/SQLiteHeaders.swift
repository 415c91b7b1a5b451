import Foundation
import ParapetStore

/// Stored response headers as one TEXT value: a JSON array of `[name, value]` pairs, in order.
/// JSON escapes every string, so any name or value (non-ASCII, quotes, NUL) round-trips exactly.
enum SQLiteHeaders {
    static func encode(_ headers: [StoredHeader]) throws -> String {
        do {
            let data = try JSONEncoder().encode(headers.map { [$0.name, $0.value] })
            return String(decoding: data, as: UTF8.self)
        } catch {
            throw StoreError(.unavailable, "response headers cannot be encoded: \(error)")
        }
    }

    /// The headers of `text`, or nil when it is not an encoded list.
    static func decode(_ text: String) -> [StoredHeader]? {
        guard let pairs = try? JSONDecoder().decode([[String]].self, from: Data(text.utf8)) else { return nil }
        var headers: [StoredHeader] = []
        headers.reserveCapacity(pairs.count)
        for pair in pairs {
            guard pair.count == 2, let name = pair.first, let value = pair.last else { return nil }
            headers.append(StoredHeader(name: name, value: value))
        }
        return headers
    }
}
