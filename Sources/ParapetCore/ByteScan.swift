/// Byte searches that read eight bytes at a time, for the request path's checks over whole
/// bodies and texts (UTF-8 validation's ASCII prefix, JSON string escaping).
///
/// Each word is tested per byte on its low seven bits, so no carry crosses a byte boundary and
/// the first flagged byte is exact; the tail shorter than a word is read byte by byte.
public enum ByteScan {
    @inlinable static var high: UInt64 { 0x8080_8080_8080_8080 }
    @inlinable static var low7: UInt64 { 0x7F7F_7F7F_7F7F_7F7F }

    /// The offset of the first byte at or after `start` that is 0x80 or above, else `bytes.count`.
    @inlinable
    public static func firstNonASCII(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        first(in: bytes, from: start, flags: { $0 & high }, matches: { $0 >= 0x80 })
    }

    /// The offset of the first byte at or after `start` that a JSON string must escape (a control
    /// character below 0x20, `"` or `\`), else `bytes.count`. Bytes of 0x80 and above never are.
    @inlinable
    public static func firstJSONEscape(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        first(in: bytes, from: start, flags: escapeFlags, matches: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C })
    }

    /// The offset of the first byte at or after `start` that a JSON string parser must look at
    /// closely (a control character, `"`, `\`, or 0x80 and above, which starts a UTF-8 sequence
    /// to validate), else `bytes.count`.
    @inlinable
    public static func firstJSONStringStop(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        first(in: bytes, from: start, flags: { escapeFlags($0) | ($0 & high) }, matches: { $0 < 0x20 || $0 == 0x22 || $0 == 0x5C || $0 >= 0x80 })
    }

    /// The first offset from `start` whose byte `flags` marks (its high bit set in the word read
    /// there) or, in the tail shorter than a word, that `matches`; else `bytes.count`.
    @inlinable @inline(__always)
    static func first(
        in bytes: UnsafeRawBufferPointer, from start: Int, flags: (UInt64) -> UInt64, matches: (UInt8) -> Bool
    ) -> Int {
        let n = bytes.count
        var i = min(max(0, start), n)
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let flagged = flags(UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self)))
                if flagged != 0 { return i + flagged.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n, !matches(bytes[i]) { i += 1 }
        return i
    }

    /// Lower-cases ASCII `A`…`Z` in place and returns whether every byte is ASCII.
    @inlinable
    public static func lowercaseASCII(_ bytes: UnsafeMutableRawBufferPointer) -> Bool {
        let n = bytes.count
        var i = 0
        var nonASCII: UInt64 = 0
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let a = v & low7
                let upper = (a &+ 0x3F3F_3F3F_3F3F_3F3F) & ~(a &+ 0x2525_2525_2525_2525) & ~v & high  // 0x41...0x5A
                nonASCII |= v & high
                if upper != 0 { base.storeBytes(of: (v | upper >> 2).littleEndian, toByteOffset: i, as: UInt64.self) }
                i += 8
            }
        }
        var ascii = nonASCII == 0
        while i < n {
            let b = bytes[i]
            if b &- 0x41 < 26 { bytes[i] = b | 0x20 } else if b >= 0x80 { ascii = false }
            i += 1
        }
        return ascii
    }

    /// Per byte of `v`, the high bit set where a JSON string must escape the byte.
    @inlinable @inline(__always)
    static func escapeFlags(_ v: UInt64) -> UInt64 {
        let a = v & low7
        let control = ~((a &+ 0x6060_6060_6060_6060) & high)  // 7-bit value < 0x20
        let quote = ~(((a ^ 0x2222_2222_2222_2222) &+ low7) & high)  // == 0x22
        let backslash = ~(((a ^ 0x5C5C_5C5C_5C5C_5C5C) &+ low7) & high)  // == 0x5C
        return (control | quote | backslash) & ~v & high
    }
}

