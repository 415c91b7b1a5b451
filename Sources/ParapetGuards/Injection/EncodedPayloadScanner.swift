/// Decodes candidate base64, hex and rot13 runs into a bounded stack buffer and runs the phrase
/// rules on the decoded text. Only decoded text that itself carries an override, persona,
/// extraction or role-tag signal is reported.
enum EncodedPayloadScanner {
    private typealias C = InjectionWordClass

    /// Decoded bytes examined per run; longer runs are decoded up to this length.
    static let maxDecoded = 768
    /// At most this many rot13 lines are decoded per text.
    static let maxRot13Lines = 4
    /// Decoded evidence needed to report a payload.
    static let minInnerScore = 0.45

    static func scan(
        lowered: UnsafeBufferPointer<UInt8>, original: UnsafeBufferPointer<UInt8>, state: InjectionScanState,
        into out: inout [InjectionSignal]
    ) {
        guard !state.encodedRuns.isEmpty || state.sawRot13 else { return }
        withUnsafeTemporaryAllocation(of: UInt8.self, capacity: 2 * maxDecoded) { buffer in
            guard let base = buffer.baseAddress else { return }
            let decoded = UnsafeMutableBufferPointer(start: base, count: maxDecoded)
            let lower = UnsafeMutableBufferPointer(start: base + maxDecoded, count: maxDecoded)
            for run in state.encodedRuns {
                let isHex = run.allSatisfy { ByteClass.isHex(original[$0]) }
                let count: Int
                let rule: InjectionRule
                if isHex {
                    guard run.count >= 24 else { continue }
                    count = decodeHex(original, run, into: decoded)
                    rule = .hexPayload
                } else {
                    count = decodeBase64(original, run, into: decoded)
                    rule = .base64Payload
                }
                guard count >= 12, isMostlyText(decoded, count) else { continue }
                if let score = innerScore(decoded, lower, count) {
                    out.append(InjectionSignal(rule: rule, score: score, start: run.lowerBound, end: run.upperBound))
                }
            }
            if state.sawRot13 {
                var lines = 0
                var lastLineEnd = -1
                for t in state.tokens where t.has(C.rot13) && Int(t.start) >= lastLineEnd && lines < maxRot13Lines {
                    lines += 1
                    let line = lineRange(lowered, around: Int(t.start))
                    lastLineEnd = line.upperBound
                    let count = min(line.count, maxDecoded)
                    for i in 0..<count { decoded[i] = rot13(lowered[line.lowerBound + i]) }
                    if let score = innerScore(decoded, lower, count) {
                        let end = scalarBoundary(lowered, line.lowerBound + count)
                        out.append(InjectionSignal(rule: .rot13Payload, score: score, start: line.lowerBound, end: end))
                    }
                }
            }
        }
    }

    /// The strongest decoded signal, raised because hiding it is itself suspicious; nil if weak.
    private static func innerScore(
        _ decoded: UnsafeMutableBufferPointer<UInt8>, _ lower: UnsafeMutableBufferPointer<UInt8>, _ count: Int
    ) -> Double? {
        for i in 0..<count {
            let b = decoded[i]
            lower[i] = b &- 0x41 < 26 ? b | 0x20 : b
        }
        var inner = InjectionScanState()
        InjectionPhraseMatcher.match(
            lowered: UnsafeBufferPointer(start: lower.baseAddress, count: count),
            original: UnsafeBufferPointer(start: decoded.baseAddress, count: count), collectRuns: false, into: &inner)
        var best = 0.0
        for s in inner.signals where s.kind != .encodedPayload { best = max(best, s.score) }
        guard best >= minInnerScore else { return nil }
        return min(1, max(0.8, best + 0.05))
    }

    @inline(__always) private static func rot13(_ b: UInt8) -> UInt8 {
        guard b &- 0x61 < 26 else { return b }
        return (b &- 0x61 &+ 13) % 26 &+ 0x61
    }

    /// The line around `pos`, at most 384 bytes either side, ending on scalar boundaries.
    private static func lineRange(_ p: UnsafeBufferPointer<UInt8>, around pos: Int) -> Range<Int> {
        var s = pos
        while s > 0 && pos - s < 384 && p[s - 1] != 0x0A { s -= 1 }
        while s < pos && ByteClass.isContinuation(p[s]) { s += 1 }
        var e = pos
        while e < p.count && e - pos < 384 && p[e] != 0x0A { e += 1 }
        return s..<scalarBoundary(p, e)
    }

    /// `i` moved back to the start of a scalar (or the end of the buffer).
    private static func scalarBoundary(_ p: UnsafeBufferPointer<UInt8>, _ i: Int) -> Int {
        var e = min(i, p.count)
        while e < p.count && e > 0 && ByteClass.isContinuation(p[e]) { e -= 1 }
        return e
    }

    private static func isMostlyText(_ d: UnsafeMutableBufferPointer<UInt8>, _ count: Int) -> Bool {
        var text = 0
        var letters = 0
        for i in 0..<count {
            let b = d[i]
            if (b >= 0x20 && b < 0x7F) || b == 0x0A || b == 0x0D || b == 0x09 { text += 1 }
            if ByteClass.isAlpha(b) { letters += 1 }
        }
        return text * 10 >= count * 9 && letters * 2 >= count
    }

    private static func decodeHex(
        _ p: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var n = 0
        var i = run.lowerBound
        while i + 1 < run.upperBound && n < out.count {
            guard let h = ByteClass.hexValue(p[i]), let l = ByteClass.hexValue(p[i + 1]) else { return n }
            out[n] = h << 4 | l
            n += 1
            i += 2
        }
        return n
    }

    @inline(__always) private static func base64Value(_ b: UInt8) -> UInt8? {
        if b &- 0x41 < 26 { return b - 0x41 }
        if b &- 0x61 < 26 { return b - 0x61 + 26 }
        if b &- 0x30 < 10 { return b - 0x30 + 52 }
        if b == 0x2B || b == 0x2D { return 62 }
        if b == 0x2F || b == 0x5F { return 63 }
        return nil
    }

    /// Decodes standard or URL-safe base64; stops at padding or the first invalid byte.
    private static func decodeBase64(
        _ p: UnsafeBufferPointer<UInt8>, _ run: Range<Int>, into out: UnsafeMutableBufferPointer<UInt8>
    ) -> Int {
        var n = 0
        var acc: UInt32 = 0
        var bits = 0
        for i in run {
            guard let v = base64Value(p[i]) else { break }
            acc = (acc << 6) | UInt32(v)
            bits += 6
            if bits >= 8 {
                bits -= 8
                guard n < out.count else { break }
                out[n] = UInt8(truncatingIfNeeded: acc >> UInt32(bits))
                n += 1
            }
        }
        return n
    }
}
