import ParapetStore

/// A key as the admin API shows it: never the hash; the secret only once, at creation.
struct KeyResponse: Encodable, Sendable {
    var id: String
    var tenant: String
    var role: String
    var name: String
    var createdAt: String
    var revokedAt: String?
    var secret: String?

    init(_ key: APIKey, secret: String? = nil) {
        id = key.id
        tenant = key.tenant
        role = key.role.rawValue
        name = key.name
        createdAt = RFC3339.format(key.createdAt)
        revokedAt = key.revokedAt.map(RFC3339.format)
        self.secret = secret
    }

    enum CodingKeys: String, CodingKey {
        case id, tenant, role, name
        case createdAt = "created_at"
        case revokedAt = "revoked_at"
        case secret
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(id, forKey: .id)
        try c.encode(tenant, forKey: .tenant)
        try c.encode(role, forKey: .role)
        try c.encode(name, forKey: .name)
        try c.encode(createdAt, forKey: .createdAt)
        try c.encode(revokedAt, forKey: .revokedAt)
        try c.encodeIfPresent(secret, forKey: .secret)
    }
}

/// `{"data": [keys]}`.
struct KeyList: Encodable, Sendable {
    var data: [KeyResponse]
}
