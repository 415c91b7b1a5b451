import ParapetCore

/// IBANs and Bitcoin addresses.
extension PIIScanner {
    /// An IBAN at `s`: upper-case country code with a known length, two check digits, then the
    /// BBAN (digits and upper-case letters), either unbroken or in groups of four separated by
    /// single spaces; mod-97 must equal 1.
    func iban(start s: Int) -> PIIMatch? {
        guard let expected = IBANValidator.length(at(s), at(s + 1)) else { return nil }
        let spaced = at(s + 4) == 0x20
        var count = 4
        var i = s + 4
        while count < expected {
            if spaced && count % 4 == 0 {
                guard at(i) == 0x20 else { break }
                i += 1
            }
            let c = at(i)
            guard ByteClass.isDigit(c) || ByteClass.isUpper(c) else { break }
            count += 1
            i += 1
        }
        let end = i
        guard count == expected, !ByteClass.isWord(at(end)), at(end) != 0x40 else { return nil }
        guard IBANValidator.mod97(b, s..<end) == 1 else { return nil }
        return PIIMatch(
            category: PIICategory.iban, start: s, end: end, score: 0.95,
            explanation: "IBAN with valid country length and mod-97 check digits")
    }

    /// A legacy Bitcoin address (`1…` P2PKH or `3…` P2SH) occupying the word `b[s..<e]`.
    func bitcoinBase58(start s: Int, end e: Int) -> PIIMatch? {
        guard Base58Check.isBitcoinAddress(b, s..<e) else { return nil }
        return PIIMatch(
            category: PIICategory.cryptoWallet, start: s, end: e, score: 0.95,
            explanation: "Bitcoin address with valid base58check checksum")
    }

    /// A segwit Bitcoin address (`bc1…`) occupying the word `b[s..<e]`.
    func bitcoinBech32(start s: Int, end e: Int) -> PIIMatch? {
        guard Bech32.isBitcoinAddress(bytes: b, lowered: l, s..<e) else { return nil }
        return PIIMatch(
            category: PIICategory.cryptoWallet, start: s, end: e, score: 0.95,
            explanation: "Bitcoin segwit address with valid bech32 checksum")
    }
}
