import ParapetCore

/// PEM private-key blocks, triggered by `-`:
/// `-----BEGIN [RSA |EC |DSA |OPENSSH |ENCRYPTED |PGP ]PRIVATE KEY[ BLOCK]-----` through the
/// matching `-----END … -----` line, or to the end of the text when the END line is missing.
enum PrivateKeyRule {
    static func match(_ b: UnsafeBufferPointer<UInt8>, dash d: Int) -> DetectorHit? {
        guard b.matches("-----BEGIN ", at: d) else { return nil }
        let labelStart = d + 11
        var p = labelStart
        for kind: StaticString in ["RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED ", "PGP "] where b.matches(kind, at: p) {
            p += kind.utf8CodeUnitCount
            break
        }
        guard b.matches("PRIVATE KEY", at: p) else { return nil }
        p += 11
        if b.matches(" BLOCK", at: p) { p += 6 }
        let label = labelStart..<p
        guard b.matches("-----", at: p) else { return nil }
        let bodyStart = p + 5
        var end = b.count
        var closed = false
        var q = bodyStart
        while let e = SecretBytes.firstIndex(b, q..<b.count, "-----END ") {
            let l = e + 9
            if l + label.count + 5 <= b.count && sameBytes(b, label, at: l) && b.matches("-----", at: l + label.count) {
                end = l + label.count + 5
                closed = true
                break
            }
            q = e + 1
        }
        if !closed {
            while end > bodyStart && (ByteClass.isSpace(b[end - 1])) { end -= 1 }
        }
        // Key material: base64 characters between the header and the END line.
        var material = 0
        let materialEnd = closed ? end - label.count - 14 : end
        if materialEnd > bodyStart {
            for i in bodyStart..<materialEnd where SecretBytes.isBase64(b[i]) { material += 1 }
        }
        let score: Double
        let explanation: String
        if material < 64 {
            (score, explanation) = (0.4, "PEM private-key header without key material")
        } else if closed {
            (score, explanation) = (0.99, "PEM private-key block")
        } else {
            (score, explanation) = (0.9, "PEM private-key block (no END line)")
        }
        return DetectorHit(category: SecretCategory.privateKey, range: d..<end, score: score, explanation: explanation)
    }

    private static func sameBytes(_ b: UnsafeBufferPointer<UInt8>, _ r: Range<Int>, at p: Int) -> Bool {
        for k in 0..<r.count where b[r.lowerBound + k] != b[p + k] { return false }
        return true
    }
}
