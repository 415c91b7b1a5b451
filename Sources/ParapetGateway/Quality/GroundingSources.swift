import ParapetCore

/// The retrieved context a RAG request carries, for the grounding check and judges.
public enum GroundingSources {
    /// The request field for sources: an array of strings, or of objects with `text` (or
    /// `content`). The gateway removes it before the request goes upstream.
    public static let field = "parapet_sources"
    /// At most this many sources are read.
    public static let maxSources = 256

    /// Removes ``field`` from `request` and returns its sources; without it, the texts of the
    /// `system` and `tool` messages (where RAG applications put retrieved passages).
    public static func take(from request: inout ChatRequest) throws(WireError) -> [String] {
        guard let value = request.json[field] else {
            return request.texts().filter { $0.role == "system" || $0.role == "tool" || $0.role == "developer" }.map(\.text)
        }
        request.json[field] = nil
        guard case .array(let items) = value else {
            throw WireError("must be an array of strings or of objects with a text field", param: field)
        }
        guard items.count <= maxSources else { throw WireError("at most \(maxSources) sources", param: field) }
        var sources: [String] = []
        for (index, item) in items.enumerated() {
            switch item {
            case .string(let text): sources.append(text)
            case .object(let object):
                guard let text = object["text"]?.stringValue ?? object["content"]?.stringValue else {
                    throw WireError("needs a string field text", param: "\(field)[\(index)]")
                }
                sources.append(text)
            default:
                throw WireError("must be a string or an object with a text field", param: "\(field)[\(index)]")
            }
        }
        return sources
    }
}
