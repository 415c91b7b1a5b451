/// A fragment of markup for the reviewer console, escaping by construction.
///
/// The literal parts of an `HTML` string literal are source code and are emitted as written; every
/// interpolated `String`, `Int` or optional string is HTML-escaped (`& < > " '`), so a value from a
/// request, an answer or a key name can neither open a tag nor leave an attribute. Interpolated
/// `HTML` values and arrays of them are inserted as they are: they were built the same way.
///
/// ```swift
/// let row: HTML = "<tr><td><a href=\"/console/items/\(HTML.pathSegment(item.id))\">\(item.id)</a></td></tr>"
/// ```
struct HTML: Sendable, Hashable, ExpressibleByStringInterpolation, CustomStringConvertible {
    /// The markup.
    private(set) var markup: String

    /// Markup written in source; never call this with a value that came from outside.
    init(stringLiteral literal: String) { markup = literal }

    init(stringInterpolation: StringInterpolation) { markup = stringInterpolation.markup }

    var description: String { markup }

    /// Nothing.
    static let empty: HTML = ""

    /// The fragments one after another.
    static func join(_ parts: [HTML]) -> HTML {
        var interpolation = StringInterpolation(literalCapacity: 0, interpolationCount: parts.count)
        for part in parts { interpolation.appendInterpolation(part) }
        return HTML(stringInterpolation: interpolation)
    }

    /// Builds markup from literals (as written) and values (escaped).
    struct StringInterpolation: StringInterpolationProtocol {
        fileprivate var markup = ""

        init(literalCapacity: Int, interpolationCount: Int) {
            markup.reserveCapacity(literalCapacity + 16 * interpolationCount)
        }

        mutating func appendLiteral(_ literal: String) { markup += literal }

        /// A value: escaped.
        mutating func appendInterpolation(_ value: String) { HTML.escape(value, into: &markup) }

        /// A value or nothing: escaped.
        mutating func appendInterpolation(_ value: String?) {
            if let value { HTML.escape(value, into: &markup) }
        }

        /// A number (digits and a sign: nothing to escape).
        mutating func appendInterpolation(_ value: Int) { markup += String(value) }

        /// Markup built by `HTML`: as it is.
        mutating func appendInterpolation(_ html: HTML) { markup += html.markup }

        /// Fragments one after another.
        mutating func appendInterpolation(_ list: [HTML]) {
            for html in list { markup += html.markup }
        }
    }

    /// `text` with `& < > " '` replaced by character references: safe as element content and as
    /// a quoted attribute value.
    static func escape(_ text: String) -> String {
        var out = ""
        escape(text, into: &out)
        return out
    }

    static func escape(_ text: String, into out: inout String) {
        out.reserveCapacity(out.utf8.count + text.utf8.count)
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&#39;"
            case "\0": out += "\u{FFFD}"
            default: out.unicodeScalars.append(scalar)
            }
        }
    }

    /// `text` percent-encoded for one URL path segment (everything but `A-Z a-z 0-9 - . _ ~`), so
    /// an id can go into an `href` without changing the path; interpolate the result (it is
    /// escaped again, harmlessly).
    static func pathSegment(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                UInt8(ascii: "-"), UInt8(ascii: "."), UInt8(ascii: "_"), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += "%"
                out.unicodeScalars.append(hexDigits[Int(byte >> 4)])
                out.unicodeScalars.append(hexDigits[Int(byte & 0x0F)])
            }
        }
        return out
    }

    private static let hexDigits = Array("0123456789ABCDEF".unicodeScalars)
}
