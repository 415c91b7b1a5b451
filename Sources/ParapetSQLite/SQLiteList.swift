/// A list of strings as one TEXT value, `,a,b,` (`,` for the empty list), so that "contains x" is
/// `instr(column, ',x,') > 0`. Inside items, `%`, `,` and NUL are escaped as `%25`, `%2C` and
/// `%00`, so every list round-trips exactly and an item never matches part of another.
enum SQLiteList {
    static func encode(_ items: [String]) -> String {
        items.isEmpty ? "," : "," + items.map(escape).joined(separator: ",") + ","
    }

    /// The pattern `instr` looks for to find `item`.
    static func pattern(for item: String) -> String {
        "," + escape(item) + ","
    }

    /// The items of an encoded list, or nil when `text` is not one.
    static func decode(_ text: String) -> [String]? {
        guard text.count >= 1, text.first == ",", text.last == "," else { return nil }
        if text == "," { return [] }
        var items: [String] = []
        for part in text.dropFirst().dropLast().split(separator: ",", omittingEmptySubsequences: false) {
            guard let item = unescape(Substring(part)) else { return nil }
            items.append(item)
        }
        return items
    }

    static func escape(_ item: String) -> String {
        guard item.utf8.contains(where: { $0 == UInt8(ascii: "%") || $0 == UInt8(ascii: ",") || $0 == 0 }) else { return item }
        var out: [UInt8] = []
        out.reserveCapacity(item.utf8.count + 8)
        for byte in item.utf8 {
            switch byte {
            case UInt8(ascii: "%"): out += Array("%25".utf8)
            case UInt8(ascii: ","): out += Array("%2C".utf8)
            case 0: out += Array("%00".utf8)
            default: out.append(byte)
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    static func unescape(_ item: Substring) -> String? {
        guard item.utf8.contains(UInt8(ascii: "%")) else { return String(item) }
        var out: [UInt8] = []
        var bytes = item.utf8.makeIterator()
        while let byte = bytes.next() {
            guard byte == UInt8(ascii: "%") else {
                out.append(byte)
                continue
            }
            switch (bytes.next(), bytes.next()) {
            case (UInt8(ascii: "2"), UInt8(ascii: "5")): out.append(UInt8(ascii: "%"))
            case (UInt8(ascii: "2"), UInt8(ascii: "C")): out.append(UInt8(ascii: ","))
            case (UInt8(ascii: "0"), UInt8(ascii: "0")): out.append(0)
            default: return nil
            }
        }
        return String(decoding: out, as: UTF8.self)
    }
}
