/// Byte classification for the scanners. Everything here is ASCII-only; bytes ≥ 0x80 (parts of
/// multi-byte UTF-8 scalars) are never digits, letters or spaces.
enum ByteClass {
    @inline(__always) static func isDigit(_ b: UInt8) -> Bool { b &- 0x30 < 10 }
    @inline(__always) static func isLower(_ b: UInt8) -> Bool { b &- 0x61 < 26 }
    @inline(__always) static func isUpper(_ b: UInt8) -> Bool { b &- 0x41 < 26 }
    @inline(__always) static func isAlpha(_ b: UInt8) -> Bool { (b | 0x20) &- 0x61 < 26 }
    @inline(__always) static func isAlnum(_ b: UInt8) -> Bool { isDigit(b) || isAlpha(b) }
    @inline(__always) static func isHex(_ b: UInt8) -> Bool { isDigit(b) || (b | 0x20) &- 0x61 < 6 }
    /// Space, tab, newline, carriage return, vertical tab, form feed.
    @inline(__always) static func isSpace(_ b: UInt8) -> Bool { b == 0x20 || b &- 0x09 < 5 }
    /// A byte that continues a word: ASCII letter, digit, underscore, or any non-ASCII byte
    /// (letters of other scripts).
    @inline(__always) static func isWord(_ b: UInt8) -> Bool { isAlnum(b) || b == 0x5F || b >= 0x80 }
    /// A UTF-8 continuation byte (10xxxxxx): never the start of a scalar.
    @inline(__always) static func isContinuation(_ b: UInt8) -> Bool { b & 0xC0 == 0x80 }
    /// The value of a hex digit, or nil.
    @inline(__always) static func hexValue(_ b: UInt8) -> UInt8? {
        if isDigit(b) { return b - 0x30 }
        let l = b | 0x20
        if l &- 0x61 < 6 { return l - 0x61 + 10 }
        return nil
    }
}

extension UnsafeBufferPointer<UInt8> {
    /// Whether the bytes at `offset` equal `needle` (already lower-case ASCII), bounds-checked.
    @inline(__always)
    func matches(_ needle: StaticString, at offset: Int) -> Bool {
        let n = needle.utf8CodeUnitCount
        guard offset >= 0, offset + n <= count else { return false }
        let p = needle.utf8Start
        for i in 0..<n where self[offset + i] != p[i] { return false }
        return true
    }
}
