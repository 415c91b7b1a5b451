import ParapetCore
import Testing
@testable import ParapetGuards

/// One focused test per shape-based rule: category, exact span, score band, and an explanation
/// that never quotes the token.
@Suite struct SecretsProviderTests {
    /// Embeds `token` in a sentence and checks there is exactly one hit covering exactly it.
    func expectSingle(
        _ token: String, _ category: CategoryID, scores: ClosedRange<Double>, prefix: String = "here it is: ",
        suffix: String = " — rotate it", sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let text = prefix + token + suffix
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1, "hits: \(hits)", sourceLocation: sourceLocation)
        guard let hit = hits.first else { return }
        #expect(hit.category == category, sourceLocation: sourceLocation)
        #expect(SecretsScan.matched(text, hit) == token, sourceLocation: sourceLocation)
        #expect(scores.contains(hit.score), "score \(hit.score)", sourceLocation: sourceLocation)
        #expect(!hit.explanation.contains(String(token.suffix(12))), sourceLocation: sourceLocation)
    }

    @Test func checksumHelpersAgree() {
        #expect(SecretsFake.crc32("123456789") == 0xCBF4_3926)
        let s = Array("123456789".utf8)
        s.withUnsafeBufferPointer { b in
            #expect(GitHubChecksum.crc32(b, 0..<9) == 0xCBF4_3926)
        }
    }

    @Test func awsAccessKeys() {
        var f = SecretsFake(seed: 1)
        expectSingle(f.awsAccessKey(), SecretCategory.awsAccessKey, scores: 0.9...1)
        expectSingle(f.awsAccessKey(prefix: "ASIA"), SecretCategory.awsAccessKey, scores: 0.9...1)
        for p in ["AGPA", "AIDA", "AROA", "ANPA", "ANVA", "AIPA"] {
            expectSingle(f.awsAccessKey(prefix: p), SecretCategory.awsAccessKey, scores: 0.85...1)
        }
    }

    @Test func awsAccessKeyNeedsExactLengthAndCharset() {
        var f = SecretsFake(seed: 2)
        let key = f.awsAccessKey()
        #expect(SecretsScan.hits("id " + key + "Q").isEmpty)  // 21 characters
        #expect(SecretsScan.hits("id " + String(key.dropLast()) + " x").isEmpty)  // 19
        #expect(SecretsScan.hits("id X" + key).isEmpty)  // glued to a word
        #expect(SecretsScan.hits("id " + String(key.dropLast()) + "1").isEmpty)  // '1' not base32
    }

    @Test func githubClassicWithChecksum() {
        var f = SecretsFake(seed: 3)
        for kind: Character in ["p", "o", "u", "s", "r"] {
            let token = f.githubClassic(kind)
            expectSingle(token, SecretCategory.githubToken, scores: 0.98...1)
        }
        let hit = SecretsScan.hits("token " + f.githubClassic())
        #expect(hit.first?.explanation == "GitHub classic personal access token with valid checksum")
    }

    @Test func githubClassicBadChecksumScoresLower() {
        var f = SecretsFake(seed: 4)
        let token = f.githubClassicBadChecksum()
        expectSingle(token, SecretCategory.githubToken, scores: 0.7...0.85)
    }

    @Test func githubFineGrained() {
        var f = SecretsFake(seed: 5)
        expectSingle(f.githubFineGrained(), SecretCategory.githubToken, scores: 0.95...1)
    }

    @Test func openAIKeys() {
        var f = SecretsFake(seed: 6)
        expectSingle(f.openAILegacy(), SecretCategory.openAIKey, scores: 0.95...1)
        expectSingle(f.openAIProject(), SecretCategory.openAIKey, scores: 0.95...1)
        expectSingle(f.openAIServiceAccount(), SecretCategory.openAIKey, scores: 0.9...1)
        expectSingle(f.openAIAdmin(), SecretCategory.openAIKey, scores: 0.9...1)
        // Legacy length without the marker still counts, a little lower.
        expectSingle("sk-" + f.string(48, from: SecretsFake.base62), SecretCategory.openAIKey, scores: 0.85...0.95)
    }

    @Test func anthropicKeysAreNotOpenAI() {
        var f = SecretsFake(seed: 7)
        expectSingle(f.anthropic(), SecretCategory.anthropicKey, scores: 0.95...1)
        expectSingle(f.anthropicAdmin(), SecretCategory.anthropicKey, scores: 0.95...1)
    }

    @Test func slackTokens() {
        var f = SecretsFake(seed: 8)
        expectSingle(f.slackBot(), SecretCategory.slackToken, scores: 0.95...1)
        expectSingle(f.slackUser(), SecretCategory.slackToken, scores: 0.95...1)
        expectSingle(f.slackApp(), SecretCategory.slackToken, scores: 0.9...1)
        expectSingle(f.slackWebhook(), SecretCategory.slackToken, scores: 0.95...1, prefix: "curl -X POST ", suffix: " -d @msg.json")
    }

    @Test func stripeKeys() {
        var f = SecretsFake(seed: 9)
        expectSingle(f.stripe("sk_live_"), SecretCategory.stripeKey, scores: 0.95...1)
        expectSingle(f.stripe("rk_live_"), SecretCategory.stripeKey, scores: 0.9...1)
        expectSingle(f.stripe("sk_test_"), SecretCategory.stripeKey, scores: 0.5...0.6)
        #expect(SecretsScan.hits("publishable " + f.stripe("pk_live_")).isEmpty)
        #expect(SecretsScan.hits("publishable " + f.stripe("pk_test_")).isEmpty)
    }

    @Test func googleAPIKey() {
        var f = SecretsFake(seed: 10)
        expectSingle(f.google(), SecretCategory.googleAPIKey, scores: 0.9...1)
        #expect(SecretsScan.hits("k " + f.google() + "x").isEmpty)  // 36 characters
    }

    @Test func jwt() {
        var f = SecretsFake(seed: 11)
        expectSingle(f.jwt(), SecretCategory.jwt, scores: 0.95...1, prefix: "Authorization: Bearer ", suffix: "\n")
        expectSingle(f.jwt(signed: false), SecretCategory.jwt, scores: 0.7...0.9)
    }

    @Test func jwtHeaderMustHaveAlg() {
        let header = SecretsFake.base64URLEncode(#"{"typ":"JWT","kid":"abc"}"#)
        let payload = SecretsFake.base64URLEncode(#"{"sub":"x"}"#)
        #expect(SecretsScan.hits("t " + header + "." + payload + ".c2lnbmF0dXJlc2lnbmF0dXJl").isEmpty)
        // eyJ that is not base64 JSON
        #expect(SecretsScan.hits("the eyJabc.def.ghi tokens").isEmpty)
    }

    @Test func privateKeys() {
        var f = SecretsFake(seed: 12)
        for kind in ["", "RSA ", "EC ", "DSA ", "OPENSSH ", "ENCRYPTED "] {
            expectSingle(f.pem(kind), SecretCategory.privateKey, scores: 0.95...1, prefix: "key:\n", suffix: "\nthanks")
        }
        let pgp = "-----BEGIN PGP PRIVATE KEY BLOCK-----\n\n" + f.string(64, from: SecretsFake.base64) + "\n"
            + f.string(64, from: SecretsFake.base64) + "\n-----END PGP PRIVATE KEY BLOCK-----"
        expectSingle(pgp, SecretCategory.privateKey, scores: 0.95...1)
    }

    @Test func privateKeyWithoutEndRunsToEndOfText() {
        var f = SecretsFake(seed: 13)
        let head = "-----BEGIN OPENSSH PRIVATE KEY-----\n" + f.string(70, from: SecretsFake.base64) + "\n"
            + f.string(70, from: SecretsFake.base64)
        let text = "pasted: " + head + "\n\n"
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1)
        #expect(hits.first.map { SecretsScan.matched(text, $0) } == head)
        #expect(hits.first.map { (0.85...0.95).contains($0.score) } == true)
    }

    @Test func publicKeysAndCertificatesAreNotSecrets() {
        var f = SecretsFake(seed: 14)
        let body = f.string(64, from: SecretsFake.base64)
        #expect(SecretsScan.hits("-----BEGIN PUBLIC KEY-----\n\(body)\n-----END PUBLIC KEY-----").isEmpty)
        #expect(SecretsScan.hits("-----BEGIN CERTIFICATE-----\n\(body)\n-----END CERTIFICATE-----").isEmpty)
    }

    @Test func pemHeaderWithoutMaterialIsBorderline() {
        let text = "-----BEGIN RSA PRIVATE KEY-----\n...\n-----END RSA PRIVATE KEY-----"
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1)
        #expect(hits.allSatisfy { $0.score < 0.5 })
    }

    @Test func tokenAssignedToKeyNameReportsTheSpecificRuleOnly() {
        var f = SecretsFake(seed: 15)
        let token = f.githubClassic()
        let text = "GITHUB_TOKEN=\(token)\n"
        let hits = SecretsScan.hits(text)
        #expect(hits.map(\.category) == [SecretCategory.githubToken])
    }

    @Test func severalSecretsInOrder() {
        var f = SecretsFake(seed: 16)
        let text = "a \(f.awsAccessKey()) b \(f.google()) c \(f.stripe("sk_live_")) d \(f.slackBot())"
        let cats = SecretsScan.hits(text).map(\.category)
        #expect(cats == [SecretCategory.awsAccessKey, SecretCategory.googleAPIKey, SecretCategory.stripeKey, SecretCategory.slackToken])
    }
}
