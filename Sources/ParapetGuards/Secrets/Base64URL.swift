/// A streaming base64url decoder for JWT segments: it never materialises the decoded bytes,
/// only reports the shape of the JSON they hold.
enum Base64URL {
    /// What a decoded segment looks like.
    struct Shape {
        /// Decodes cleanly and starts (after whitespace) with `{`.
        var isObject = false
        /// Contains the bytes `"alg"`.
        var hasAlg = false
    }

    @inline(__always) static func sextet(_ c: UInt8) -> UInt32? {
        if ByteClass.isUpper(c) { return UInt32(c - 0x41) }
        if ByteClass.isLower(c) { return UInt32(c - 0x61 + 26) }
        if ByteClass.isDigit(c) { return UInt32(c - 0x30 + 52) }
        if c == 0x2D { return 62 }  // -
        if c == 0x5F { return 63 }  // _
        return nil
    }

    /// Decodes `b[range]` (unpadded base64url) and describes the result.
    static func shape(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Shape {
        var shape = Shape()
        guard range.count % 4 != 1, !range.isEmpty else { return shape }
        var acc: UInt32 = 0
        var bits = 0
        var window: UInt64 = 0
        var sawFirst = false
        let alg: UInt64 = 0x22_61_6C_67_22  // "alg"
        for i in range {
            guard let v = sextet(b[i]) else { return Shape() }
            acc = (acc << 6) | v
            bits += 6
            if bits >= 8 {
                bits -= 8
                let byte = UInt8(truncatingIfNeeded: acc >> UInt32(bits))
                acc &= (1 << UInt32(bits)) - 1
                if !sawFirst {
                    if ByteClass.isSpace(byte) { continue }
                    sawFirst = true
                    guard byte == UInt8(ascii: "{") else { return Shape() }
                    shape.isObject = true
                }
                window = (window << 8) | UInt64(byte)
                if window & 0xFF_FFFF_FFFF == alg { shape.hasAlg = true }
            }
        }
        return shape
    }
}
