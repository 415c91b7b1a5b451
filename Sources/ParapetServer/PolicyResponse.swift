/// `GET /v1/admin/policy` and `POST /v1/admin/policy` answers.
struct PolicyResponse: Encodable, Sendable {
    var name: String
    var version: String
    /// `stored` (uploaded by the tenant) or `base` (the server's base policy is in effect).
    var origin: String
    var document: String?
    var updatedAt: String?

    enum CodingKeys: String, CodingKey {
        case name, version, origin, document
        case updatedAt = "updated_at"
    }

    func encode(to encoder: any Encoder) throws {
        var c = encoder.container(keyedBy: CodingKeys.self)
        try c.encode(name, forKey: .name)
        try c.encode(version, forKey: .version)
        try c.encode(origin, forKey: .origin)
        try c.encode(document, forKey: .document)
        try c.encode(updatedAt, forKey: .updatedAt)
    }
}
