import Crypto
import Foundation
import ParapetCore
import ParapetStore

/// Makes new API keys. The secret (`ppk_` + 40 lower-case hex digits, 160 random bits from
/// `SystemRandomNumberGenerator`) is returned once and never stored: the store keeps its SHA-256.
/// Used by the admin API and by `parapet serve` for the first admin key.
public enum KeyMinter {
    /// A freshly minted key: the record to store and the secret to show its owner once.
    public struct MintedKey: Sendable {
        /// What goes into the `KeyStore` (id, tenant, role, name, hash; no secret).
        public var key: APIKey
        /// The bearer secret; show it once, then forget it.
        public var secret: String
    }

    /// Prefix of every secret.
    public static let secretPrefix = "ppk_"

    /// A new key for `tenant` with `role`; its id is `key_` + 16 hex digits.
    public static func mint(tenant: String, role: Role, name: String, now: Date = Date()) -> MintedKey {
        let secret = secretPrefix + Hex.random(bytes: 20)
        let key = APIKey(
            id: "key_" + Hex.random(bytes: 8), tenant: tenant, role: role, name: name,
            hash: hash(secret: secret), createdAt: now)
        return MintedKey(key: key, secret: secret)
    }

    /// A key record for a secret chosen elsewhere (`PARAPET_ADMIN_KEY`); only its hash is kept.
    public static func key(forSecret secret: String, tenant: String, role: Role, name: String, now: Date = Date()) -> APIKey {
        APIKey(id: "key_" + Hex.random(bytes: 8), tenant: tenant, role: role, name: name, hash: hash(secret: secret), createdAt: now)
    }

    /// SHA-256 of the secret's UTF-8 bytes: what `KeyStore.key(hash:)` looks up.
    public static func hash(secret: String) -> [UInt8] {
        Array(SHA256.hash(data: Array(secret.utf8)))
    }
}
