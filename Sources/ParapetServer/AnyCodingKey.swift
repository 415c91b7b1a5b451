/// A coding key for any field name: strict decoders iterate `allKeys` with it and reject names
/// they don't know.
struct AnyCodingKey: CodingKey {
    var stringValue: String
    var intValue: Int?

    init(stringValue: String) {
        self.stringValue = stringValue
        self.intValue = nil
    }

    init(intValue: Int) {
        self.stringValue = String(intValue)
        self.intValue = intValue
    }
}

/// Renders a coding path the way errors name parameters: `items[3].messages[0].content`.
enum ParamPath {
    static func render(_ path: [any CodingKey], _ last: String? = nil) -> String {
        var out = ""
        for key in path { append(key, to: &out) }
        if let last { append(AnyCodingKey(stringValue: last), to: &out) }
        return out
    }

    private static func append(_ key: any CodingKey, to out: inout String) {
        if let index = key.intValue, key.stringValue.hasPrefix("Index ") || key.stringValue == String(index) {
            out += "[\(index)]"
        } else {
            if !out.isEmpty { out += "." }
            out += key.stringValue
        }
    }
}
