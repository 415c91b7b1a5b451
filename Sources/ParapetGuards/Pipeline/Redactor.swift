import Crypto
import ParapetCore

/// Replaces spans of a text with placeholders (`[EMAIL]`) or salted hash tokens
/// (`[EMAIL:9f2c41d0]`: the first 8 hex digits of SHA-256(salt ‖ value)).
///
/// The salt keeps hash tokens from being reversed by hashing guesses (a 16-digit card number has
/// a small enough space to brute-force without one); keep it secret and stable to keep tokens
/// linkable across requests.
public struct Redactor: Sendable {
    private let salt: [UInt8]

    public init(salt: [UInt8]) { self.salt = salt }

    /// One span to replace: a UTF-8 range of the text, the placeholder label (`EMAIL`) and style.
    public struct Span: Sendable, Hashable {
        public var range: Range<Int>
        public var label: String
        public var style: RedactionStyle

        public init(range: Range<Int>, label: String, style: RedactionStyle) {
            self.range = range
            self.label = label
            self.style = style
        }
    }

    /// The text with `spans` replaced. Overlapping spans merge; the earlier span names the
    /// placeholder.
    public func redact(_ utf8: UnsafeBufferPointer<UInt8>, spans: [Span]) -> String {
        let sorted = spans.sorted { $0.range.lowerBound < $1.range.lowerBound }
        var merged: [Span] = []
        for span in sorted {
            if let last = merged.last, span.range.lowerBound < last.range.upperBound {
                merged[merged.count - 1].range = last.range.lowerBound..<max(last.range.upperBound, span.range.upperBound)
            } else {
                merged.append(span)
            }
        }
        var out: [UInt8] = []
        out.reserveCapacity(utf8.count)
        var cursor = 0
        for span in merged {
            let lo = min(max(span.range.lowerBound, cursor), utf8.count)
            let hi = min(max(span.range.upperBound, lo), utf8.count)
            out.append(contentsOf: utf8[cursor..<lo])
            appendToken(label: span.label, style: span.style, value: UnsafeBufferPointer(rebasing: utf8[lo..<hi]), to: &out)
            cursor = hi
        }
        out.append(contentsOf: utf8[cursor...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The replacement for one value: `[LABEL]` or `[LABEL:8 hex digits]`.
    public func token(label: String, style: RedactionStyle, value: UnsafeBufferPointer<UInt8>) -> String {
        var out: [UInt8] = []
        appendToken(label: label, style: style, value: value, to: &out)
        return String(decoding: out, as: UTF8.self)
    }

    private func appendToken(label: String, style: RedactionStyle, value: UnsafeBufferPointer<UInt8>, to out: inout [UInt8]) {
        out.append(UInt8(ascii: "["))
        out.append(contentsOf: label.utf8)
        if style == .hash {
            var hasher = SHA256()
            hasher.update(data: salt)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(value))
            out.append(UInt8(ascii: ":"))
            Hex.append(hasher.finalize().prefix(4), to: &out)
        }
        out.append(UInt8(ascii: "]"))
    }
}
