extension JSONRepair {
    /// What the truncation scanner expects next.
    private enum Expect {
        /// A value: at the top, after `:`, after `,` in an array.
        case value
        /// A value or `]`, after `[`.
        case valueOrClose
        /// A key or `}`, after `{`.
        case keyOrClose
        /// A key, after `,` in an object.
        case key
        /// `:` after a key.
        case colon
        /// `,` or the container's closing bracket, after a value.
        case commaOrClose
        /// Nothing: the top-level value is complete.
        case end
    }

    /// Completes JSON that was cut off: `bytes` must be a valid prefix of a JSON text (otherwise
    /// nil: this step repairs truncation, not other damage).
    ///
    /// The scanner keeps an explicit bracket stack and the end of the last complete piece (a value,
    /// or an opening bracket). At the end of the text it keeps everything up to that point and
    /// closes the open brackets innermost first, so a dangling `,`, key, or `key:` is dropped; so is
    /// an unfinished literal (`tru`) and a number that reaches the end of the text (`12` may have
    /// been `1234`: a wrong number is worse than a missing one). A string value that is cut off is
    /// closed where it stops (minus a half-written escape); a cut-off key is dropped. Nil when
    /// nothing was open.
    static func closeTruncated(_ bytes: [UInt8]) -> [UInt8]? {
        var stack: [UInt8] = []
        var expect = Expect.value
        // The end of the last complete piece. The stack at that point is the stack at the end of
        // the text: only brackets change it, and each bracket completes a piece.
        var commit = 0
        var index = 0
        scan: while true {
            index = skipSpace(bytes, from: index)
            guard index < bytes.count else { break scan }
            let byte = bytes[index]
            switch expect {
            case .end:
                return nil
            case .colon:
                guard byte == UInt8(ascii: ":") else { return nil }
                index += 1
                expect = .value
            case .commaOrClose:
                if byte == UInt8(ascii: ",") {
                    index += 1
                    expect = stack.last == UInt8(ascii: "{") ? .key : .value
                } else if isCloser(byte, for: stack.last) {
                    stack.removeLast()
                    index += 1
                    commit = index
                    expect = stack.isEmpty ? .end : .commaOrClose
                } else {
                    return nil
                }
            case .key, .keyOrClose:
                if case .keyOrClose = expect, byte == UInt8(ascii: "}") {
                    stack.removeLast()
                    index += 1
                    commit = index
                    expect = stack.isEmpty ? .end : .commaOrClose
                    continue scan
                }
                guard byte == UInt8(ascii: "\"") else { return nil }
                let string = scanString(bytes, quoteAt: index)
                guard string.closed else { break scan }
                index = string.end
                expect = .colon
            case .value, .valueOrClose:
                if case .valueOrClose = expect, byte == UInt8(ascii: "]") {
                    stack.removeLast()
                    index += 1
                    commit = index
                    expect = stack.isEmpty ? .end : .commaOrClose
                    continue scan
                }
                switch byte {
                case UInt8(ascii: "{"), UInt8(ascii: "["):
                    stack.append(byte)
                    index += 1
                    commit = index
                    expect = byte == UInt8(ascii: "{") ? .keyOrClose : .valueOrClose
                    continue scan
                case UInt8(ascii: "\""):
                    let string = scanString(bytes, quoteAt: index)
                    guard string.closed else {
                        // Close the cut-off string value where it stops.
                        var output = Array(bytes[..<string.end])
                        output.append(UInt8(ascii: "\""))
                        appendClosers(stack, to: &output)
                        return output
                    }
                    index = string.end
                case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"):
                    var end = index
                    while end < bytes.count, isNumberByte(bytes[end]) { end += 1 }
                    if end == bytes.count { break scan }
                    guard numberIsComplete(bytes[index..<end]) else { return nil }
                    index = end
                case UInt8(ascii: "t"), UInt8(ascii: "f"), UInt8(ascii: "n"):
                    let literal: StaticString = byte == UInt8(ascii: "t") ? "true" : byte == UInt8(ascii: "f") ? "false" : "null"
                    switch matchLiteral(bytes, at: index, literal) {
                    case .complete: index += literal.utf8CodeUnitCount
                    case .truncated: break scan
                    case .mismatch: return nil
                    }
                default:
                    return nil
                }
                commit = index
                expect = stack.isEmpty ? .end : .commaOrClose
            }
        }
        if case .end = expect { return nil }
        var output = Array(bytes[..<commit])
        appendClosers(stack, to: &output)
        return output == bytes ? nil : output
    }

    @inline(__always) private static func isCloser(_ byte: UInt8, for opener: UInt8?) -> Bool {
        (byte == UInt8(ascii: "}") && opener == UInt8(ascii: "{")) || (byte == UInt8(ascii: "]") && opener == UInt8(ascii: "["))
    }

    private static func appendClosers(_ stack: [UInt8], to output: inout [UInt8]) {
        for opener in stack.reversed() {
            output.append(opener == UInt8(ascii: "{") ? UInt8(ascii: "}") : UInt8(ascii: "]"))
        }
    }

    /// Scans the string whose opening quote is at `quote`. Closed: `end` is after the closing
    /// quote. Cut off: `end` is where the text stops, or where a half-written escape starts (a lone
    /// `\`, a short `\u`, or a high surrogate without its low half).
    static func scanString(_ bytes: [UInt8], quoteAt quote: Int) -> (closed: Bool, end: Int) {
        var index = quote + 1
        while index < bytes.count {
            switch bytes[index] {
            case UInt8(ascii: "\""):
                return (true, index + 1)
            case UInt8(ascii: "\\"):
                guard index + 1 < bytes.count else { return (false, index) }
                guard bytes[index + 1] == UInt8(ascii: "u") else {
                    index += 2
                    continue
                }
                guard index + 6 <= bytes.count else { return (false, index) }
                if isHighSurrogateEscape(bytes, at: index), index + 12 > bytes.count { return (false, index) }
                index += 6
            default:
                index += 1
            }
        }
        return (false, bytes.count)
    }

    /// Whether `\uXXXX` at `index` encodes D800…DBFF.
    private static func isHighSurrogateEscape(_ bytes: [UInt8], at index: Int) -> Bool {
        (bytes[index + 2] | 0x20) == UInt8(ascii: "d") && (ByteClass.hexValue(bytes[index + 3]) ?? 0) >= 8
            && (ByteClass.hexValue(bytes[index + 3]) ?? 0) <= 0xB
    }

    private enum LiteralMatch { case complete, truncated, mismatch }

    /// Whether `literal` is at `index`, cut off by the end of the text, or absent.
    private static func matchLiteral(_ bytes: [UInt8], at index: Int, _ literal: StaticString) -> LiteralMatch {
        for offset in 0..<literal.utf8CodeUnitCount {
            guard index + offset < bytes.count else { return .truncated }
            if bytes[index + offset] != literal.utf8Start[offset] { return .mismatch }
        }
        return .complete
    }

    @inline(__always) private static func isNumberByte(_ byte: UInt8) -> Bool {
        ByteClass.isDigit(byte) || byte == UInt8(ascii: "-") || byte == UInt8(ascii: "+") || byte == UInt8(ascii: ".")
            || byte == UInt8(ascii: "e") || byte == UInt8(ascii: "E")
    }

    /// Whether `text` is a complete RFC 8259 number.
    static func numberIsComplete(_ text: ArraySlice<UInt8>) -> Bool {
        // States: 0 start, 1 sign, 2 zero, 3 integer, 4 point, 5 fraction, 6 e, 7 exponent sign,
        // 8 exponent digits.
        var state = 0
        for byte in text {
            let digit = ByteClass.isDigit(byte)
            switch (state, byte) {
            case (0, UInt8(ascii: "-")): state = 1
            case (0, UInt8(ascii: "0")), (1, UInt8(ascii: "0")): state = 2
            case (0, _) where digit, (1, _) where digit, (3, _) where digit: state = 3
            case (2, UInt8(ascii: ".")), (3, UInt8(ascii: ".")): state = 4
            case (4, _) where digit, (5, _) where digit: state = 5
            case (2, UInt8(ascii: "e")), (2, UInt8(ascii: "E")), (3, UInt8(ascii: "e")), (3, UInt8(ascii: "E")),
                (5, UInt8(ascii: "e")), (5, UInt8(ascii: "E")):
                state = 6
            case (6, UInt8(ascii: "+")), (6, UInt8(ascii: "-")): state = 7
            case (6, _) where digit, (7, _) where digit, (8, _) where digit: state = 8
            default: return false
            }
        }
        return state == 2 || state == 3 || state == 5 || state == 8
    }
}
