import Crypto

/// Bitcoin legacy addresses: base58 with a double-SHA-256 checksum (P2PKH `1…`, P2SH `3…`).
enum Base58Check {
    /// Base58 digit values by ASCII byte; 0xFF for bytes outside the alphabet.
    static let values: [UInt8] = {
        var t = [UInt8](repeating: 0xFF, count: 256)
        let alphabet = Array("123456789ABCDEFGHJKLMNPQRSTUVWXYZabcdefghijkmnopqrstuvwxyz".utf8)
        for (i, c) in alphabet.enumerated() { t[Int(c)] = UInt8(i) }
        return t
    }()

    /// Whether `buffer[range]` is a mainnet P2PKH (version 0x00) or P2SH (version 0x05) address
    /// whose 4-byte checksum equals the first four bytes of SHA-256(SHA-256(payload)).
    static func isBitcoinAddress(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Bool {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count, (25...35).contains(range.count) else {
            return false
        }
        var decoded = [UInt8](repeating: 0, count: 25)
        var leadingOnes = 0
        var leading = true
        for i in range {
            let c = buffer[i]
            let v = values[Int(c)]
            if v == 0xFF { return false }
            if leading && v == 0 { leadingOnes += 1 } else { leading = false }
            var carry = Int(v)
            var j = 24
            while j >= 0 {
                carry += 58 * Int(decoded[j])
                decoded[j] = UInt8(truncatingIfNeeded: carry)
                carry >>= 8
                j -= 1
            }
            if carry != 0 { return false }
        }
        // Leading '1's encode leading zero bytes, one for one.
        var zeroBytes = 0
        while zeroBytes < 25 && decoded[zeroBytes] == 0 { zeroBytes += 1 }
        guard zeroBytes == leadingOnes else { return false }
        let version = decoded[0]
        let first = buffer[range.lowerBound]
        guard (first == UInt8(ascii: "1") && version == 0x00) || (first == UInt8(ascii: "3") && version == 0x05) else {
            return false
        }
        let once = Array(SHA256.hash(data: decoded[0..<21]))
        let twice = Array(SHA256.hash(data: once))
        return twice[0] == decoded[21] && twice[1] == decoded[22] && twice[2] == decoded[23] && twice[3] == decoded[24]
    }
}
