import ParapetCore
import Testing
@testable import ParapetGuards

/// Boundaries, odd encodings and pathological input.
@Suite struct SecretsEdgeTests {
    @Test func nonASCIIPasswordStaysOnScalarBoundaries() {
        let text = "passwort: Grüße7Zq!x9 — danke"
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1)
        guard let hit = hits.first else { return }
        #expect(SecretsScan.matched(text, hit) == "Grüße7Zq!x9")
        let bytes = Array(text.utf8)
        #expect(bytes[hit.range.lowerBound] & 0xC0 != 0x80)
        #expect(hit.range.upperBound == bytes.count || bytes[hit.range.upperBound] & 0xC0 != 0x80)
    }

    @Test func basicAuthHeader() {
        var f = SecretsFake(seed: 300)
        let v = f.string(36, from: SecretsFake.base64) + "=="
        let text = "Authorization: Basic \(v)\r\n"
        let hits = SecretsScan.hits(text)
        #expect(hits.map(\.category) == [SecretCategory.generic])
        #expect(hits.first.map { SecretsScan.matched(text, $0) } == v)
        #expect(hits.first?.explanation.contains("authorization credential") == true)
    }

    @Test func tokenInsideURLUserInfo() {
        var f = SecretsFake(seed: 301)
        let token = f.githubClassic()
        let text = "https://oauth2:\(token)@github.com/acme/app.git"
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1)
        #expect(hits.first.map { SecretsScan.matched(text, $0) } == token)
    }

    @Test func pathologicalInputIsHandled() {
        let a = String(repeating: "secret=", count: 20000)
        let b = String(repeating: "apikey", count: 14) + "="
        let c = String(repeating: "-----BEGIN RSA PRIVATE KEY-----\n", count: 2000)
        #expect(SecretsScan.hits(a).isEmpty)
        #expect(SecretsScan.hits(String(repeating: b + "x ", count: 5000)).isEmpty)
        // Unterminated PEM headers: one block from the first header to the end.
        #expect(SecretsScan.hits(c).count == 1)
    }

    @Test func overLongBlobDoesNotHideLaterAssignments() {
        var f = SecretsFake(seed: 302)
        let blob = "data=" + f.string(800, from: SecretsFake.base64)
        let v = f.string(32, from: SecretsFake.base62)
        let text = blob + "\napi_key=\(v)\n"
        let hits = SecretsScan.hits(text)
        #expect(hits.map { SecretsScan.matched(text, $0) } == [v])
    }

    @Test func outputIsOrderedAndAppends() {
        var f = SecretsFake(seed: 303)
        let text = "token=\(f.string(30, from: SecretsFake.base62)) then \(f.awsAccessKey()) then \(f.jwt())"
        var hits = [DetectorHit(category: "pii.email", range: 0..<1, score: 1, explanation: "existing")]
        try? SecretsDetector().scan(ScanText(text), into: &hits)
        #expect(hits.count == 4)
        #expect(hits.first?.explanation == "existing")
        let starts = hits.dropFirst().map(\.range.lowerBound)
        #expect(starts == starts.sorted())
    }

    @Test func shortAndEmptyInputs() {
        #expect(SecretsScan.hits("").isEmpty)
        #expect(SecretsScan.hits("k=").isEmpty)
        #expect(SecretsScan.hits("sk-").isEmpty)
        #expect(SecretsScan.hits("AKIA").isEmpty)
        #expect(SecretsScan.hits("eyJ.").isEmpty)
        #expect(SecretsScan.hits("-----BEGIN ").isEmpty)
        #expect(SecretsScan.hits("token:").isEmpty)
        #expect(SecretsScan.hits("password=").isEmpty)
    }
}
