/// Byte searches that read eight bytes at a time, for the request path's checks over whole
/// bodies and texts (UTF-8 validation's ASCII prefix, JSON string escaping).
///
/// Each word is tested per byte on its low seven bits, so no carry crosses a byte boundary and
/// the first flagged byte is exact; the tail shorter than a word is read byte by byte.
public enum ByteScan {
    @usableFromInline static let high: UInt64 = 0x8080_8080_8080_8080
    @usableFromInline static let low7: UInt64 = 0x7F7F_7F7F_7F7F_7F7F

    /// The offset of the first byte at or after `start` that is 0x80 or above, else `bytes.count`.
    @inlinable
    public static func firstNonASCII(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        let n = bytes.count
        var i = min(max(0, start), n)
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let flagged = v & high
                if flagged != 0 { return i + flagged.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n, bytes[i] < 0x80 { i += 1 }
        return i
    }

    /// The offset of the first byte at or after `start` that a JSON string must escape (a control
    /// character below 0x20, `"` or `\`), else `bytes.count`. Bytes of 0x80 and above never are.
    @inlinable
    public static func firstJSONEscape(_ bytes: UnsafeRawBufferPointer, from start: Int = 0) -> Int {
        let n = bytes.count
        var i = min(max(0, start), n)
        if let base = bytes.baseAddress {
            while i + 8 <= n {
                let v = UInt64(littleEndian: base.loadUnaligned(fromByteOffset: i, as: UInt64.self))
                let a = v & low7
                let ascii = ~v & high
                let control = ~((a &+ 0x6060_6060_6060_6060) & high)  // 7-bit value < 0x20
                let quote = ~(((a ^ 0x2222_2222_2222_2222) &+ low7) & high)  // == 0x22
                let backslash = ~(((a ^ 0x5C5C_5C5C_5C5C_5C5C) &+ low7) & high)  // == 0x5C
                let flagged = (control | quote | backslash) & ascii
                if flagged != 0 { return i + flagged.trailingZeroBitCount >> 3 }
                i += 8
            }
        }
        while i < n {
            let b = bytes[i]
            if b < 0x20 || b == 0x22 || b == 0x5C { return i }
            i += 1
        }
        return n
    }
}
