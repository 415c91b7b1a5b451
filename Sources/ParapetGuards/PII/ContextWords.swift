/// Keyword lists used to raise or lower scores, matched on `ScanText.lowered` in a short window
/// before (or after) a candidate. A keyword matches only where it starts a word.
enum ContextWords {
    static let card: [StaticString] = [
        "card", "visa", "mastercard", "amex", "american express", "discover", "credit", "debit", "cc", "ccn",
        "cc#", "payment", "pan", "maestro", "jcb", "diners", "unionpay",
    ]
    static let ssn: [StaticString] = ["ssn", "social security", "social sec", "ss#", "ss #", "tax id", "taxpayer"]
    static let phone: [StaticString] = [
        "phone", "telephone", "tel", "mobile", "mob", "cell", "fax", "call", "contact", "whatsapp", "sms", "desk",
        "office", "ph", "answering", "reach", "dial", "landline", "hotline", "text me", "ring",
    ]
    static let phoneAfter: [StaticString] = ["office", "fax", "mobile", "cell", "phone", "tel", "home", "work"]
    static let routing: [StaticString] = ["routing", "aba", "rtn", "transit number", "routing number", "bank routing"]
    static let ip: [StaticString] = ["ip", "ipv6", "ipv4", "address", "subnet", "route", "prefix", "gateway"]
    static let mac: [StaticString] = ["mac", "hardware", "ethernet", "physical address", "wifi", "bssid"]
    static let domain: [StaticString] = ["domain", "website", "site", "url", "visit", "link", "homepage", "web"]
    static let version: [StaticString] = ["version", "ver", "release", "v"]
    /// Contexts that make a number an identifier of something else (an order, a parcel).
    static let negativeNumber: [StaticString] = [
        "order", "invoice", "tracking", "ref", "reference", "confirmation", "isbn", "serial", "sku", "ticket",
        "account", "acct", "case", "booking", "po", "model", "id",
    ]

    /// Whether any of `words` starts a word within `window` bytes before `position` in
    /// `lowered`.
    static func before(
        _ lowered: UnsafeBufferPointer<UInt8>, _ position: Int, _ words: [StaticString], window: Int = 40
    ) -> Bool {
        let from = max(0, position - window)
        let to = min(position, lowered.count)
        guard to > from else { return false }
        return contains(lowered, from, to, words)
    }

    /// Whether any of `words` starts a word within `window` bytes after `position`.
    static func after(
        _ lowered: UnsafeBufferPointer<UInt8>, _ position: Int, _ words: [StaticString], window: Int = 12
    ) -> Bool {
        let from = max(0, position)
        let to = min(lowered.count, position + window)
        guard to > from else { return false }
        return contains(lowered, from, to, words)
    }

    static func contains(_ l: UnsafeBufferPointer<UInt8>, _ from: Int, _ to: Int, _ words: [StaticString]) -> Bool {
        for word in words {
            let n = word.utf8CodeUnitCount
            let p = word.utf8Start
            let first = p[0]
            var i = from
            while i + n <= to {
                if l[i] == first && (i == 0 || !ByteClass.isAlnum(l[i - 1])) {
                    var k = 1
                    while k < n && l[i + k] == p[k] { k += 1 }
                    if k == n {
                        // Short keywords must also end a word ("cc" but not "accept"-like fragments).
                        if n > 3 || i + n >= l.count || !ByteClass.isAlpha(l[i + n]) { return true }
                    }
                }
                i += 1
            }
        }
        return false
    }
}
