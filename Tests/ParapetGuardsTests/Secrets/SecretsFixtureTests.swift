import Foundation
import ParapetCore
import ParapetTesting
import Testing
@testable import ParapetGuards

/// A small labelled fixture (no eval corpus exists for secrets): realistic snippets, each either
/// holding exactly one secret of a known category or holding none. A sample counts as detected
/// when a hit of score ≥ 0.5 covers the expected category.
@Suite struct SecretsFixtureTests {
    struct Sample {
        var text: String
        var expected: CategoryID?
    }

    static func positives() -> [Sample] {
        var f = SecretsFake(seed: 4242)
        var out: [Sample] = []
        func add(_ text: String, _ c: CategoryID) { out.append(Sample(text: text, expected: c)) }
        add("[default]\naws_access_key_id = \(f.awsAccessKey())\nregion = eu-west-1", SecretCategory.awsAccessKey)
        add("Credentials: \(f.awsAccessKey(prefix: "ASIA")) (expires in 1h)", SecretCategory.awsAccessKey)
        add("the role id is \(f.awsAccessKey(prefix: "AROA"))", SecretCategory.awsAccessKey)
        add("aws_secret_access_key = \(f.awsSecretKey())", SecretCategory.awsSecretKey)
        add("AWS_SECRET_ACCESS_KEY: \"\(f.awsSecretKey())\"", SecretCategory.awsSecretKey)
        add("env:\n  AWS_REGION: us-east-1\n  SECRET: \(f.awsSecretKey())", SecretCategory.awsSecretKey)
        add("git clone https://x-access-token:\(f.githubClassic("s"))@github.com/org/repo.git", SecretCategory.githubToken)
        add("export GH_TOKEN=\(f.githubClassic())", SecretCategory.githubToken)
        add("my token is \(f.githubClassic("o")), can you check why it fails?", SecretCategory.githubToken)
        add("refresh: \(f.githubClassic("r"))", SecretCategory.githubToken)
        add("GITHUB_PAT=\(f.githubFineGrained())", SecretCategory.githubToken)
        add("password for ci: \(f.githubClassicBadChecksum())", SecretCategory.githubToken)
        add("client = OpenAI(api_key=\"\(f.openAIProject())\")", SecretCategory.openAIKey)
        add("OPENAI_API_KEY=\(f.openAILegacy())", SecretCategory.openAIKey)
        add("use \(f.openAIServiceAccount()) for the batch job", SecretCategory.openAIKey)
        add("admin: \(f.openAIAdmin())", SecretCategory.openAIKey)
        add("client = anthropic.Anthropic(api_key='\(f.anthropic())')", SecretCategory.anthropicKey)
        add("ANTHROPIC_ADMIN_KEY=\(f.anthropicAdmin())", SecretCategory.anthropicKey)
        add("SLACK_BOT_TOKEN=\(f.slackBot())", SecretCategory.slackToken)
        add("user token \(f.slackUser()) from the OAuth flow", SecretCategory.slackToken)
        add("socket mode: \(f.slackApp())", SecretCategory.slackToken)
        add("webhook_url: \(f.slackWebhook())", SecretCategory.slackToken)
        add("Stripe.api_key = \"\(f.stripe("sk_live_"))\"", SecretCategory.stripeKey)
        add("restricted key \(f.stripe("rk_live_")) for reporting", SecretCategory.stripeKey)
        add("STRIPE_KEY=\(f.stripe("sk_test_"))", SecretCategory.stripeKey)
        add("<script src=\"https://maps.googleapis.com/maps/api/js?key=\(f.google())\"></script>", SecretCategory.googleAPIKey)
        add("GOOGLE_API_KEY: \(f.google())", SecretCategory.googleAPIKey)
        add("Authorization: Bearer \(f.jwt())", SecretCategory.jwt)
        add("cookie session=\(f.jwt()); Path=/", SecretCategory.jwt)
        add("decode this: \(f.jwt(signed: false))", SecretCategory.jwt)
        add("id_rsa:\n\(f.pem("RSA "))\n", SecretCategory.privateKey)
        add(f.pem("OPENSSH "), SecretCategory.privateKey)
        add("key.pem\n\(f.pem(""))", SecretCategory.privateKey)
        add("-----BEGIN EC PRIVATE KEY-----\n\(f.string(64, from: SecretsFake.base64))\n\(f.string(40, from: SecretsFake.base64))", SecretCategory.privateKey)
        add("api_key = \"\(f.string(32, from: SecretsFake.base62))\"", SecretCategory.generic)
        add("{\"client_secret\": \"\(f.string(40, from: SecretsFake.base64url))\"}", SecretCategory.generic)
        add("password: \(f.string(14, from: SecretsFake.base62))!", SecretCategory.generic)
        add("DATABASE_PASSWORD='\(f.string(20, from: SecretsFake.base62))'", SecretCategory.generic)
        add("headers = {\"Authorization\": \"Bearer \(f.string(40, from: SecretsFake.base62))\"}", SecretCategory.generic)
        add("SECRET_KEY=\(f.string(50, from: SecretsFake.base64url))", SecretCategory.generic)
        add("twilio auth_token: \(f.string(32, from: SecretsFake.hex))", SecretCategory.generic)
        add("sendgrid_api_key=\"SG.\(f.string(22, from: SecretsFake.base64url)).\(f.string(43, from: SecretsFake.base64url))\"", SecretCategory.generic)
        add("redis:\n  passwd: \(f.string(16, from: SecretsFake.base62))\n", SecretCategory.generic)
        add("curl https://api.example.com?access_token=\(f.string(32, from: SecretsFake.base62))", SecretCategory.generic)
        return out
    }

    static let negatives: [String] = [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE\naws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "export OPENAI_API_KEY=\"sk-...\"  # paste your key here",
        "OPENAI_API_KEY=${OPENAI_API_KEY}",
        "api_key: <YOUR_API_KEY>",
        "token = \"{{ github_token }}\"",
        "GITHUB_TOKEN=ghp_XXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
        "password: changeme",
        "DB_PASSWORD=password123",
        "const stripe = Stripe('pk_live_51HxYz0abcDEFghiJKLmnoPQRs');",
        "client_secret = \"your-client-secret\"",
        "# Generate an API key in Settings → API keys, then set it as OPENAI_API_KEY.",
        "Never commit your secret key. Use a password manager and rotate tokens regularly.",
        "The JWT header is base64url JSON such as {\"alg\":\"HS256\"}; the payload holds claims.",
        "let token = try await auth.fetchToken(for: user)",
        "api_key = os.getenv(\"API_KEY\")",
        "if (password.length < 8) { throw new Error('too short') }",
        "commit 9fceb02c8d4a7f61e3b5a2c0d9e8f7a6b5c4d3e2\nAuthor: Jane Doe <jane@example.com>",
        "request id 3f2b8c1e-9d4a-4e7b-a6c5-0b1d2e3f4a5b returned 500",
        "\"integrity\": \"sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg==\"",
        "lodash@4.17.21:\n  resolved \"https://registry.yarnpkg.com/lodash/-/lodash-4.17.21.tgz#679591c564c3bffaae8454cf0b3df370c3d6911c\"",
        "max_tokens: 4096\ntemperature: 0.7\ntoken_limit = 120000",
        "public_key = \"MFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE9f8a7b6c5d4e3f2a1b0c9d8e7f6a5b4c3d2e1f0a9b8\"",
        "-----BEGIN PUBLIC KEY-----\nMFkwEwYHKoZIzj0CAQYIKoZIzj0DAQcDQgAE\n-----END PUBLIC KEY-----",
        "-----BEGIN CERTIFICATE-----\nMIIDdzCCAl+gAwIBAgIEAgAAuTANBgkqhkiG9w0BAQUFADBa\n-----END CERTIFICATE-----",
        "<img src=\"data:image/png;base64,iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==\">",
        "The skeptic's task-force met; risk_assessment and desk-based review followed.",
        "AKIA keys are long-term; ASIA keys come from STS. Rotate them every 90 days.",
        "Use `xoxb-` tokens for bots and `xapp-` tokens for Socket Mode.",
        "Stripe secret keys start with sk_live_ and test keys with sk_test_.",
        "GitHub tokens look like ghp_ followed by 36 characters.",
        "api_key = \"test_key_1234\"",
        "secret: \"aaaaaaaaaaaaaaaaaaaaaaaaaaaaaa\"",
        "token=abcdefghijklmnopqrstuvwxyz",
        "password = \"\"",
        "password: null",
        "key: value\nname: example\nversion: 1.2.3",
        "Keyboard shortcut: Ctrl+K, monkey = \"George\"",
        "user_password_hash = \"$2b$12$KIXQJ1pW9zqvB8yR5tL6e.u7h3Gk2N0mD4sC1xA9bF8eV7wY6zQ5O\"",
        "The author: Jonathan Swift, 1726",
        "console.log(`token: ${token}`)",
        "http://localhost:8080/api?key=value&token=abc",
        "secret_santa: true",
        "ssh-rsa AAAAB3NzaC1yc2EAAAADAQABAAABAQC7 user@host",
        "GOOGLE_MAPS_KEY=AIzaSy_REPLACE_WITH_YOUR_OWN_KEY_000000000",
        "Our fiscal year: 2024. Revenue: up 12%. Headcount: 340. Key risks: churn and FX.",
    ]

    @Test func fixtureHasEnoughSamples() {
        #expect(Self.positives().count >= 40)
        #expect(Self.negatives.count >= 40)
    }

    @Test func precisionAndRecallOnFixture() {
        var tp = 0, fn = 0, fp = 0
        var misses: [String] = []
        for s in Self.positives() {
            let reported = SecretsScan.reported(s.text)
            if reported.contains(where: { $0.category == s.expected }) { tp += 1 } else {
                fn += 1
                misses.append("missed \(s.expected?.rawValue ?? "") in \(s.text.prefix(60)): \(SecretsScan.hits(s.text))")
            }
            let wrong = reported.filter { $0.category != s.expected }
            fp += wrong.count
            for w in wrong { misses.append("extra \(w.category) in \(s.text.prefix(60))") }
        }
        for text in Self.negatives {
            let reported = SecretsScan.reported(text)
            fp += reported.count
            for r in reported { misses.append("false positive \(r.category) \(r.score) in \(text.prefix(60))") }
        }
        let precision = tp + fp == 0 ? 1 : Double(tp) / Double(tp + fp)
        let recall = tp + fn == 0 ? 1 : Double(tp) / Double(tp + fn)
        print("secrets fixture: tp=\(tp) fn=\(fn) fp=\(fp) precision=\(precision) recall=\(recall)")
        #expect(misses.isEmpty, "\(misses.joined(separator: "\n"))")
        #expect(precision == 1.0)
        #expect(recall == 1.0)
    }

    @Test func conformance() async {
        let extra = Self.positives().map(\.text) + Self.negatives
        let violations = await DetectorConformance.run(SecretsDetector(), extraSamples: extra)
        #expect(violations.isEmpty, "\(violations)")
    }

    @Test func metadata() {
        let d = SecretsDetector()
        #expect(d.id.description == "secrets@1")
        #expect(Set(d.categories).count == 11)
        #expect(d.categories.allSatisfy { Taxonomy.standard.contains($0) })
    }
}
