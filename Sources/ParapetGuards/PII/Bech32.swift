/// Bitcoin segwit addresses: bech32 (BIP 173, witness v0) and bech32m (BIP 350, v1+), `bc1…`.
enum Bech32 {
    /// Data-character values by ASCII byte (lower case); 0xFF outside the charset.
    static let values: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let charset = Array("qpzry9x8gf2tvdw0s3jn54khce6mua7l".utf8)
        for (i, c) in charset.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    @inline(__always)
    static func polymodStep(_ chk: UInt32, _ v: UInt8) -> UInt32 {
        let top = chk >> 25
        var c = (chk & 0x1FF_FFFF) << 5 ^ UInt32(v)
        if top & 1 != 0 { c ^= 0x3B6A_57B2 }
        if top & 2 != 0 { c ^= 0x2650_8E6D }
        if top & 4 != 0 { c ^= 0x1EA1_19FA }
        if top & 8 != 0 { c ^= 0x3D42_33DD }
        if top & 16 != 0 { c ^= 0x2A14_62B3 }
        return c
    }

    /// Whether `lowered[range]` is a mainnet segwit address `bc1…` with a valid checksum:
    /// bech32 for witness version 0 (42 or 62 characters), bech32m for versions 1–16.
    /// `bytes` is the original-case text: mixed case is invalid.
    static func isBitcoinAddress(
        bytes: UnsafeBufferPointer<UInt8>, lowered: UnsafeBufferPointer<UInt8>, _ range: Range<Int>
    ) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= lowered.count, range.upperBound <= bytes.count,
            (14...74).contains(range.count)
        else { return false }
        let s = range.lowerBound
        guard lowered[s] == UInt8(ascii: "b"), lowered[s + 1] == UInt8(ascii: "c"), lowered[s + 2] == UInt8(ascii: "1")
        else { return false }
        var hasLower = false
        var hasUpper = false
        for i in range {
            if ByteClass.isLower(bytes[i]) { hasLower = true } else if ByteClass.isUpper(bytes[i]) { hasUpper = true }
        }
        if hasLower && hasUpper { return false }
        // hrp expansion of "bc": high bits, 0, low bits.
        var chk: UInt32 = 1
        chk = polymodStep(chk, 0x62 >> 5)
        chk = polymodStep(chk, 0x63 >> 5)
        chk = polymodStep(chk, 0)
        chk = polymodStep(chk, 0x62 & 31)
        chk = polymodStep(chk, 0x63 & 31)
        var version: UInt8 = 0xFF
        for i in (s + 3)..<range.upperBound {
            let v = values[Int(lowered[i])]
            if v == 0xFF { return false }
            if version == 0xFF { version = v }
            chk = polymodStep(chk, v)
        }
        guard version <= 16 else { return false }
        if version == 0 {
            return chk == 1 && (range.count == 42 || range.count == 62)
        }
        return chk == 0x2BC8_30A3
    }
}
