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

    /// One span to replace: a UTF-8 range of the text, its category and style.
    public struct Span: Sendable, Hashable {
        public var range: Range<Int>
        public var category: CategoryID
        public var style: RedactionStyle

        public init(range: Range<Int>, category: CategoryID, style: RedactionStyle) {
            self.range = range
            self.category = category
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
            out.append(contentsOf: token(for: span.category, style: span.style, value: UnsafeBufferPointer(rebasing: utf8[lo..<hi])).utf8)
            cursor = hi
        }
        out.append(contentsOf: utf8[cursor...])
        return String(decoding: out, as: UTF8.self)
    }

    /// The replacement for one value.
    public func token(for category: CategoryID, style: RedactionStyle, value: UnsafeBufferPointer<UInt8>) -> String {
        switch style {
        case .placeholder:
            return "[\(category.redactionLabel)]"
        case .hash:
            var hasher = SHA256()
            hasher.update(data: salt)
            hasher.update(bufferPointer: UnsafeRawBufferPointer(value))
            let digest = hasher.finalize()
            return "[\(category.redactionLabel):\(Hex.encode(digest.prefix(4)))]"
        }
    }
}

/// Lower-case hex without Foundation's `String(format:)`.
enum Hex {
    static func encode<S: Sequence>(_ bytes: S) -> String where S.Element == UInt8 {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        for b in bytes {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
