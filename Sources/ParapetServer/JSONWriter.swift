import ParapetCore

/// Appends JSON to a byte buffer without an encoder: the guard API's hot path writes its response
/// and the audit record's findings with it. Strings are escaped per RFC 8259; the caller keeps the
/// structure (commas, brackets) right.
struct JSONWriter {
    private(set) var bytes: [UInt8] = []

    init(capacity: Int = 256) {
        bytes.reserveCapacity(capacity)
    }

    /// The written JSON as a string.
    var string: String { String(decoding: bytes, as: UTF8.self) }

    mutating func raw(_ text: StaticString) {
        text.withUTF8Buffer { bytes.append(contentsOf: $0) }
    }

    mutating func byte(_ b: UInt8) { bytes.append(b) }

    /// Bytes that already are one JSON value (serialised elsewhere), appended as they are.
    mutating func appendJSON(_ value: [UInt8]) { bytes.append(contentsOf: value) }

    /// `"key":` preceded by a comma unless `first`.
    mutating func key(_ name: StaticString, first: Bool = false) {
        if !first { bytes.append(UInt8(ascii: ",")) }
        bytes.append(UInt8(ascii: "\""))
        raw(name)
        bytes.append(UInt8(ascii: "\""))
        bytes.append(UInt8(ascii: ":"))
    }

    mutating func int<T: BinaryInteger>(_ value: T) {
        bytes.append(contentsOf: String(value).utf8)
    }

    /// A finite double in Swift's shortest round-trip form; non-finite values are written as 0.
    mutating func double(_ value: Double) {
        guard value.isFinite else {
            bytes.append(UInt8(ascii: "0"))
            return
        }
        bytes.append(contentsOf: value.description.utf8)
    }

    mutating func bool(_ value: Bool) {
        if value { raw("true") } else { raw("false") }
    }

    mutating func null() { raw("null") }

    mutating func string(_ value: String?) {
        guard let value else {
            null()
            return
        }
        var copy = value
        copy.withUTF8 { appendEscaped($0) }
    }

    mutating func string(_ value: Substring) {
        string(String(value))
    }

    private mutating func appendEscaped(_ utf8: UnsafeBufferPointer<UInt8>) {
        bytes.append(UInt8(ascii: "\""))
        let text = UnsafeRawBufferPointer(utf8)
        var runStart = 0
        while true {
            let i = ByteScan.firstJSONEscape(text, from: runStart)
            if runStart < i { bytes.append(contentsOf: UnsafeBufferPointer(rebasing: utf8[runStart..<i])) }
            guard i < utf8.count else { break }
            runStart = i + 1
            switch utf8[i] {
            case UInt8(ascii: "\""): raw("\\\"")
            case UInt8(ascii: "\\"): raw("\\\\")
            case 0x0A: raw("\\n")
            case 0x0D: raw("\\r")
            case 0x09: raw("\\t")
            case let b:
                raw("\\u00")
                bytes.append(Self.hexDigits[Int(b >> 4)])
                bytes.append(Self.hexDigits[Int(b & 0x0F)])
            }
        }
        bytes.append(UInt8(ascii: "\""))
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)
}
