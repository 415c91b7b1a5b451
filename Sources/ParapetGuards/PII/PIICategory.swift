import ParapetCore

/// The categories `PIIDetector` reports.
enum PIICategory {
    static let email: CategoryID = "pii.email"
    static let phone: CategoryID = "pii.phone"
    static let creditCard: CategoryID = "pii.credit_card"
    static let iban: CategoryID = "pii.iban"
    static let ssn: CategoryID = "pii.us_ssn"
    static let ipAddress: CategoryID = "pii.ip_address"
    static let url: CategoryID = "pii.url"
    static let macAddress: CategoryID = "pii.mac_address"
    static let cryptoWallet: CategoryID = "pii.crypto_wallet"
    static let bankRouting: CategoryID = "pii.us_bank_routing"

    static let all: [CategoryID] = [
        email, phone, creditCard, iban, ssn, ipAddress, url, macAddress, cryptoWallet, bankRouting,
    ]
}
