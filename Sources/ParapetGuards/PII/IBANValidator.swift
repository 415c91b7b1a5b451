/// IBAN structure: per-country lengths (ISO 13616 registry) and the mod-97 check.
enum IBANValidator {
    /// Total IBAN length by two-letter country code, packed as `(first << 8) | second`.
    static let lengths: [UInt16: Int] = {
        let table: [(StaticString, Int)] = [
            ("AD", 24), ("AE", 23), ("AL", 28), ("AT", 20), ("AZ", 28), ("BA", 20), ("BE", 16),
            ("BG", 22), ("BH", 22), ("BI", 27), ("BR", 29), ("BY", 28), ("CH", 21), ("CR", 22),
            ("CY", 28), ("CZ", 24), ("DE", 22), ("DJ", 27), ("DK", 18), ("DO", 28), ("EE", 20),
            ("EG", 29), ("ES", 24), ("FI", 18), ("FK", 18), ("FO", 18), ("FR", 27), ("GB", 22),
            ("GE", 22), ("GI", 23), ("GL", 18), ("GR", 27), ("GT", 28), ("HN", 28), ("HR", 21),
            ("HU", 28), ("IE", 22), ("IL", 23), ("IQ", 23), ("IS", 26), ("IT", 27), ("JO", 30),
            ("KW", 30), ("KZ", 20), ("LB", 28), ("LC", 32), ("LI", 21), ("LT", 20), ("LU", 20),
            ("LV", 21), ("LY", 25), ("MC", 27), ("MD", 24), ("ME", 22), ("MK", 19), ("MN", 20),
            ("MR", 27), ("MT", 31), ("MU", 30), ("NI", 28), ("NL", 18), ("NO", 15), ("OM", 23),
            ("PK", 24), ("PL", 28), ("PS", 29), ("PT", 25), ("QA", 29), ("RO", 24), ("RS", 22),
            ("RU", 33), ("SA", 24), ("SC", 31), ("SD", 18), ("SE", 24), ("SI", 19), ("SK", 24),
            ("SM", 27), ("SO", 23), ("ST", 25), ("SV", 28), ("TL", 23), ("TN", 24), ("TR", 26),
            ("UA", 29), ("VA", 22), ("VG", 24), ("XK", 20), ("YE", 30),
        ]
        var out: [UInt16: Int] = [:]
        for (code, length) in table {
            let p = code.utf8Start
            out[UInt16(p[0]) << 8 | UInt16(p[1])] = length
        }
        return out
    }()

    /// The IBAN length for the country code `a b` (upper-case ASCII), or nil.
    @inline(__always)
    static func length(_ a: UInt8, _ b: UInt8) -> Int? { lengths[UInt16(a) << 8 | UInt16(b)] }

    /// The mod-97 remainder of the IBAN whose characters (digits and upper-case letters; spaces
    /// skipped) are in `buffer[range]`, computed in the rearranged order: characters from the
    /// fifth on, then the first four. A valid IBAN gives 1.
    static func mod97(_ buffer: UnsafeBufferPointer<UInt8>, _ range: Range<Int>) -> Int {
        guard range.lowerBound >= 0, range.upperBound <= buffer.count, range.count >= 4 else { return -1 }
        var rem = 0
        var seen = 0
        @inline(__always) func feed(_ c: UInt8) {
            if ByteClass.isDigit(c) {
                rem = (rem * 10 + Int(c &- 0x30)) % 97
            } else if ByteClass.isUpper(c) {
                rem = (rem * 100 + Int(c &- 0x41) + 10) % 97
            }
        }
        var headEnd = range.lowerBound
        for i in range {
            let c = buffer[i]
            if c == 0x20 { continue }
            if seen < 4 {
                seen += 1
                headEnd = i + 1
                continue
            }
            feed(c)
        }
        for i in range.lowerBound..<headEnd where buffer[i] != 0x20 { feed(buffer[i]) }
        return rem
    }
}
