import ParapetCore

/// JSON Web Tokens, triggered by the `J` of `eyJ`: three base64url segments separated by dots,
/// the first decoding to a JSON object with an `"alg"` member.
enum JWTRule {
    static func match(_ b: UnsafeBufferPointer<UInt8>, j: Int) -> DetectorHit? {
        guard j >= 2, b[j - 2] == UInt8(ascii: "e"), b[j - 1] == UInt8(ascii: "y") else { return nil }
        let s = j - 2
        guard s == 0 || !(SecretBytes.isURLSafe(b[s - 1]) || b[s - 1] == UInt8(ascii: ".")) else { return nil }
        let headerEnd = SecretBytes.runEnd(b, from: s, limit: 4096, SecretBytes.isURLSafe)
        let header = s..<headerEnd
        guard header.count >= 15, headerEnd < b.count, b[headerEnd] == UInt8(ascii: ".") else { return nil }
        let payloadEnd = SecretBytes.runEnd(b, from: headerEnd + 1, limit: 16384, SecretBytes.isURLSafe)
        let payload = (headerEnd + 1)..<payloadEnd
        guard payload.count >= 4, payloadEnd < b.count, b[payloadEnd] == UInt8(ascii: ".") else { return nil }
        let sigEnd = SecretBytes.runEnd(b, from: payloadEnd + 1, limit: 4096, SecretBytes.isURLSafe)
        let signature = (payloadEnd + 1)..<sigEnd
        let head = Base64URL.shape(b, header)
        guard head.isObject, head.hasAlg else { return nil }
        let body = Base64URL.shape(b, payload)
        let signed = signature.count >= 16
        let score = body.isObject ? (signed ? 0.97 : 0.85) : 0.7
        let explanation = signed ? "JSON Web Token" : "unsigned JSON Web Token"
        // An empty signature leaves the range ending on the final dot.
        let end = signature.isEmpty ? payloadEnd + 1 : sigEnd
        return DetectorHit(category: SecretCategory.jwt, range: s..<end, score: score, explanation: explanation)
    }
}
