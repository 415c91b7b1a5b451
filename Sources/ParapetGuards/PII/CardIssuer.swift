/// Payment card issuer networks recognised by their leading digits (IIN ranges) and length.
enum CardIssuer: Sendable {
    case visa, mastercard, amex, discover, diners, jcb, unionPay, maestro, uatp

    /// The issuer whose IIN range contains `prefix6` (the first six digits) and that issues
    /// numbers of `length` digits, or nil.
    static func identify(prefix6 p6: Int, length: Int) -> CardIssuer? {
        let p1 = p6 / 100_000
        let p2 = p6 / 10_000
        let p3 = p6 / 1_000
        let p4 = p6 / 100
        if p1 == 4 { return [13, 16, 19].contains(length) ? .visa : nil }
        if p2 == 34 || p2 == 37 { return length == 15 ? .amex : nil }
        if (51...55).contains(p2) || (2221...2720).contains(p4) { return length == 16 ? .mastercard : nil }
        if p4 == 6011 || (644...649).contains(p3) || p2 == 65 || (622_126...622_925).contains(p6) {
            return (16...19).contains(length) ? .discover : nil
        }
        if (300...305).contains(p3) || p4 == 3095 || p2 == 36 || p2 == 38 || p2 == 39 {
            return (14...19).contains(length) ? .diners : nil
        }
        if (3528...3589).contains(p4) { return (16...19).contains(length) ? .jcb : nil }
        if p4 == 1800 || p4 == 2131 { return length == 15 ? .jcb : nil }
        if p2 == 62 { return (16...19).contains(length) ? .unionPay : nil }
        if p2 == 50 || (56...58).contains(p2) || p2 == 63 || p2 == 67 || p2 == 60 || p2 == 61 || p2 == 69 {
            return (12...19).contains(length) ? .maestro : nil
        }
        if p1 == 1 { return length == 15 ? .uatp : nil }
        return nil
    }

    /// A short explanation for a Luhn-valid number from this issuer (never the number).
    var explanation: String {
        switch self {
        case .visa: "Luhn-valid Visa card number"
        case .mastercard: "Luhn-valid Mastercard number"
        case .amex: "Luhn-valid American Express number"
        case .discover: "Luhn-valid Discover card number"
        case .diners: "Luhn-valid Diners Club number"
        case .jcb: "Luhn-valid JCB card number"
        case .unionPay: "Luhn-valid UnionPay card number"
        case .maestro: "Luhn-valid Maestro card number"
        case .uatp: "Luhn-valid UATP card number"
        }
    }
}
