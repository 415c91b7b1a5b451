/// The checksum in GitHub's classic tokens (`ghp_` + 30 random base62 characters + 6 checksum
/// characters): the CRC-32 (IEEE, as in zlib) of the 30 random characters, written in base62 with
/// the alphabet `0-9A-Za-z` and left-padded with `0`.
enum GitHubChecksum {
    /// CRC-32 (reflected polynomial 0xEDB88320), bitwise: inputs are 30 bytes, so no table.
    static func crc32(_ b: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> UInt32 {
        var crc: UInt32 = 0xFFFF_FFFF
        for i in range {
            crc ^= UInt32(b[i])
            for _ in 0..<8 {
                let mask = UInt32(0) &- (crc & 1)
                crc = (crc >> 1) ^ (0xEDB8_8320 & mask)
            }
        }
        return ~crc
    }

    /// The value of a base62 digit (`0-9A-Za-z`), or nil.
    @inline(__always) static func base62Digit(_ c: UInt8) -> UInt64? {
        if ByteClass.isDigit(c) { return UInt64(c - 0x30) }
        if ByteClass.isUpper(c) { return UInt64(c - 0x41 + 10) }
        if ByteClass.isLower(c) { return UInt64(c - 0x61 + 36) }
        return nil
    }

    /// Whether the last six bytes of `b[body]` (36 bytes) are the checksum of the first thirty.
    static func verifies(_ b: UnsafeBufferPointer<UInt8>, body: Range<Int>) -> Bool {
        guard body.count == 36 else { return false }
        let split = body.lowerBound + 30
        var value: UInt64 = 0
        for i in split..<body.upperBound {
            guard let d = base62Digit(b[i]) else { return false }
            value = value * 62 + d
        }
        return value == UInt64(crc32(b, body.lowerBound..<split))
    }
}
