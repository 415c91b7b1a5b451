/// US social security number structure (post-2011 randomisation rules).
enum SSNValidator {
    /// Numbers that are structurally valid but known to be invalid, advertised or used as
    /// examples (Woolworth wallet card, the 1962 Social Security pamphlet, the common
    /// "123-45-6789" placeholder).
    static let knownInvalid: Set<Int> = [78_051_120, 219_099_999, 123_456_789, 111_111_111, 457_555_462]

    /// Whether `area`-`group`-`serial` can be an issued SSN.
    static func isValid(area: Int, group: Int, serial: Int) -> Bool {
        guard area > 0, area != 666, area < 900, group > 0, group < 100, serial > 0, serial < 10_000 else {
            return false
        }
        let value = area * 1_000_000 + group * 10_000 + serial
        if knownInvalid.contains(value) { return false }
        // Repeated single digit (111-11-1111, 333-33-3333 …).
        let d = area % 10
        if area == d * 111 && group == d * 11 && serial == d * 1111 { return false }
        return true
    }
}
