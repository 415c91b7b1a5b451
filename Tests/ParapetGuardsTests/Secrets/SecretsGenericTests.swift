import ParapetCore
import Testing
@testable import ParapetGuards

/// `secret.generic` and `secret.aws_secret_key`: keyword + entropy, value-only spans.
@Suite struct SecretsGenericTests {
    /// `text` contains `value` once; expects exactly one hit, on exactly the value.
    func expectValue(
        _ text: String, _ value: String, _ category: CategoryID = SecretCategory.generic, scores: ClosedRange<Double> = 0.6...0.85,
        sourceLocation: SourceLocation = #_sourceLocation
    ) {
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1, "hits: \(hits)", sourceLocation: sourceLocation)
        guard let hit = hits.first else { return }
        #expect(hit.category == category, sourceLocation: sourceLocation)
        #expect(SecretsScan.matched(text, hit) == value, sourceLocation: sourceLocation)
        #expect(scores.contains(hit.score), "score \(hit.score)", sourceLocation: sourceLocation)
        #expect(!hit.explanation.contains(value), sourceLocation: sourceLocation)
        for k in stride(from: 0, to: max(0, value.count - 5), by: 1) {
            let part = String(Array(value)[k..<(k + 6)])
            #expect(!hit.explanation.contains(part), "explanation quotes part of the value", sourceLocation: sourceLocation)
        }
    }

    @Test func assignmentForms() {
        var f = SecretsFake(seed: 100)
        var v = f.string(32, from: SecretsFake.base62)
        expectValue("api_key = \"\(v)\"\n", v)
        v = f.string(32, from: SecretsFake.base62)
        expectValue("{\"client_secret\": \"\(v)\", \"client_id\": \"abc\"}", v)
        v = f.string(24, from: SecretsFake.base62)
        expectValue("token=\(v)&page=2", v)
        v = f.string(40, from: SecretsFake.hex)
        expectValue("export SECRET_KEY=\(v)\n", v)
        v = f.string(28, from: SecretsFake.base64url)
        expectValue("  auth_token: '\(v)'\n", v)
        v = f.string(32, from: SecretsFake.base62)
        expectValue("$config['api_key'] => '\(v)';", v)
        v = f.string(32, from: SecretsFake.base62)
        expectValue("apiKey := \"\(v)\"", v)
        v = f.string(32, from: SecretsFake.base62)
        expectValue("mycli --api-key=\(v) --verbose", v)
        v = f.string(32, from: SecretsFake.base62)
        expectValue("const stripeSigningKey = `\(v)`;", v)
    }

    @Test func passwords() {
        expectValue("password: Zq7#vLm2!pR\n", "Zq7#vLm2!pR", scores: 0.6...0.85)
        expectValue("DB_PASSWORD=\"h8Kd2mW9xQ\"", "h8Kd2mW9xQ", scores: 0.6...0.85)
        expectValue("db_pass = 'T4k!9zRq'", "T4k!9zRq", scores: 0.6...0.85)
    }

    @Test func bearerHeader() {
        var f = SecretsFake(seed: 101)
        let v = f.string(40, from: SecretsFake.base62)
        expectValue("curl -H \"Authorization: Bearer \(v)\" https://api.example.com", v)
        let w = f.string(32, from: SecretsFake.base62)
        expectValue("Authorization: token \(w)\n", w)
    }

    @Test func explanationNamesTheVariable() {
        var f = SecretsFake(seed: 102)
        let v = f.string(32, from: SecretsFake.base62)
        let hit = SecretsScan.hits("api_key = \"\(v)\"").first
        #expect(hit?.explanation.hasPrefix("high-entropy value (") == true)
        #expect(hit?.explanation.hasSuffix("assigned to `api_key`") == true)
    }

    @Test func strongerEntropyScoresHigher() {
        var f = SecretsFake(seed: 103)
        let hex = f.string(32, from: SecretsFake.hex)
        let b64 = f.string(48, from: SecretsFake.base64)
        let a = SecretsScan.hits("secret = \"\(hex)\"").first?.score ?? 0
        let b = SecretsScan.hits("secret = \"\(b64)\"").first?.score ?? 0
        #expect(a >= 0.6 && b > a && b <= 0.85)
    }

    @Test func bareKeyIsBorderline() {
        var f = SecretsFake(seed: 104)
        let v = f.string(32, from: SecretsFake.base62)
        let hit = SecretsScan.hits("key: \(v)\n").first
        #expect(hit?.category == SecretCategory.generic)
        #expect(hit.map { $0.score < 0.65 } == true)
    }

    @Test func awsSecretKey() {
        var f = SecretsFake(seed: 105)
        var v = f.awsSecretKey()
        expectValue("aws_secret_access_key = \(v)\n", v, SecretCategory.awsSecretKey, scores: 0.9...1)
        v = f.awsSecretKey()
        expectValue("AWS_SECRET_ACCESS_KEY=\"\(v)\"", v, SecretCategory.awsSecretKey, scores: 0.9...1)
        v = f.awsSecretKey()
        expectValue("[default]\naws_access_key_id = AKIAIOSFODNN7EXAMPLE\nsecret: \(v)\n", v, SecretCategory.awsSecretKey, scores: 0.85...1)
    }

    @Test func awsPairReportsBoth() {
        var f = SecretsFake(seed: 106)
        let id = f.awsAccessKey()
        let secret = f.awsSecretKey()
        let text = "[prod]\naws_access_key_id = \(id)\naws_secret_access_key = \(secret)\n"
        let hits = SecretsScan.hits(text)
        #expect(hits.map(\.category) == [SecretCategory.awsAccessKey, SecretCategory.awsSecretKey])
        #expect(hits.map { SecretsScan.matched(text, $0) } == [id, secret])
    }

    @Test func lowEntropyAndShortValuesAreIgnored() {
        #expect(SecretsScan.hits("api_key = \"abc123\"").isEmpty)
        #expect(SecretsScan.hits("token = \"correcthorsebatterystaple\"").isEmpty)
        #expect(SecretsScan.hits("secret = 31415926535897932384").isEmpty)
        #expect(SecretsScan.hits("password: hello").isEmpty)
        #expect(SecretsScan.hits("password: abcdefgh").isEmpty)
    }

    @Test func codeReferencesAreIgnored() {
        #expect(SecretsScan.hits("api_key = os.environ.get(\"OPENAI_API_KEY\")").isEmpty)
        #expect(SecretsScan.hits("token = self.authenticationToken").isEmpty)
        #expect(SecretsScan.hits("let secret = try loadSecretFromKeychain()").isEmpty)
        #expect(SecretsScan.hits("if password == confirmPassword {").isEmpty)
        #expect(SecretsScan.hits("password: ${DB_PASSWORD}").isEmpty)
        #expect(SecretsScan.hits("token: {{ secrets.GITHUB_TOKEN }}").isEmpty)
    }

    @Test func metadataNamesAreIgnored() {
        var f = SecretsFake(seed: 107)
        let v = f.string(32, from: SecretsFake.base62)
        #expect(SecretsScan.hits("public_key = \"\(v)\"").isEmpty)
        #expect(SecretsScan.hits("token_type: \(v)").isEmpty)
        #expect(SecretsScan.hits("client_id=\(v)").isEmpty)
        #expect(SecretsScan.hits("author: \(v)").isEmpty)
        #expect(SecretsScan.hits("monkey = \"\(v)\"").isEmpty)
        #expect(SecretsScan.hits("keyboard: \(v)").isEmpty)
        #expect(SecretsScan.hits("commit: \(v)").isEmpty)
    }

    @Test func uuidsAndShasOnlyWhenAssignedToKeyNames() {
        let uuid = "3f2b8c1e-9d4a-4e7b-a6c5-0b1d2e3f4a5b"
        let sha = "9fceb02c8d4a7f61e3b5a2c0d9e8f7a6b5c4d3e2"
        #expect(SecretsScan.hits("request \(uuid) failed at commit \(sha) yesterday").isEmpty)
        #expect(SecretsScan.hits("request_id: \(uuid)\ncommit: \(sha)").isEmpty)
        #expect(SecretsScan.hits("api_token: \(uuid)").map(\.category) == [SecretCategory.generic])
    }
}
