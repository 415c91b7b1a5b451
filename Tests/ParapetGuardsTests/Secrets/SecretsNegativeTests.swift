import ParapetCore
import Testing
@testable import ParapetGuards

/// Things that look like secrets but are not: placeholders, documented example keys, publishable
/// keys, prose, hashes, images.
@Suite struct SecretsNegativeTests {
    @Test(arguments: [
        "aws_access_key_id = AKIAIOSFODNN7EXAMPLE",
        "aws_secret_access_key = wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY",
        "AWS_ACCESS_KEY_ID=AKIAI44QH8DHBEXAMPLE",
        "api_key = \"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx\"",
        "API_KEY=XXXXXXXXXXXXXXXXXXXXXXXX",
        "token: <your-token-here>",
        "api_key=<your-key>",
        "OPENAI_API_KEY=${OPENAI_API_KEY}",
        "secret: {{token}}",
        "api_key = \"your_api_key_here\"",
        "password: changeme",
        "password = \"password123\"",
        "password: P@ssw0rd!",
        "DB_PASSWORD=admin2024",
        "client_secret = \"dummy-client-secret-value\"",
        "api_key: \"sample_key_9f8e7d6c5b4a\"",
        "token = \"placeholder-token-0000\"",
        "secret_key = \"fake_secret_key_for_tests_8a7b\"",
        "api_key = \"test-api-key-1234abcd5678\"",
        "token = \"aaaaaaaaaaaaaaaaaaaaaaaa\"",
        "secret = \"1234567890abcdef1234567890abcdef\"",
        "api_key: ABCDEFGHIJKLMNOPQRSTUVWX",
        "password: ********",
        "export GITHUB_TOKEN=ghp_xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "OPENAI_API_KEY=sk-xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx",
        "ANTHROPIC_API_KEY=sk-ant-api03-...",
        "SLACK_BOT_TOKEN=xoxb-your-bot-token",
        "STRIPE_SECRET_KEY=sk_live_xxxxxxxxxxxxxxxxxxxxxxxx",
        "key = AIzaSyXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXXX",
    ])
    func placeholders(_ text: String) {
        #expect(SecretsScan.reported(text).isEmpty, "\(SecretsScan.hits(text))")
    }

    @Test func publishableStripeKeys() {
        var f = SecretsFake(seed: 200)
        let text = "STRIPE_PUBLISHABLE_KEY=\(f.stripe("pk_live_"))\nconst stripe = Stripe('\(f.stripe("pk_test_"))');"
        #expect(SecretsScan.hits(text).isEmpty)
    }

    @Test(arguments: [
        "To call the API you need an API key; create one in the dashboard and keep the secret safe.",
        "Set your password: it must have at least 12 characters.",
        "The token: a short-lived credential issued by the identity provider.",
        "Note: the access token expires after one hour. Refresh tokens last longer.",
        "We rotated the AWS access keys and the GitHub tokens last week; no secrets were exposed.",
        "Ask the skeptic about sk-learn and task-force; risk_management is fine.",
        "Key takeaways: revenue grew, costs fell. Password managers are recommended.",
        "AKIA is the prefix of long-term AWS access key ids, ASIA of temporary ones.",
    ])
    func prose(_ text: String) {
        #expect(SecretsScan.hits(text).isEmpty, "\(SecretsScan.hits(text))")
    }

    @Test func lockfileIntegrityHashes() {
        let lock = """
            "node_modules/lodash": {
              "version": "4.17.21",
              "resolved": "https://registry.npmjs.org/lodash/-/lodash-4.17.21.tgz",
              "integrity": "sha512-v2kDEe57lecTulaDIuNTPy3Ry4gLGJ6Z1O3vE1krgXZNrsQ+LFTGHVxVjcXPs17LhbZVGedAJv8XZ1tvj5FvSg=="
            },
            checksum = "sha256:3f7a2b9c4d8e1f6a5b0c9d8e7f6a5b4c3d2e1f0a9b8c7d6e5f4a3b2c1d0e9f8a"
            """
        #expect(SecretsScan.hits(lock).isEmpty, "\(SecretsScan.hits(lock))")
    }

    @Test func base64ImagesAndHashes() {
        var f = SecretsFake(seed: 201)
        let png = "<img src=\"data:image/png;base64,iVBORw0KGgo" + f.string(400, from: SecretsFake.base64) + "==\">"
        #expect(SecretsScan.hits(png).isEmpty)
        let sha = "sha256: " + f.string(64, from: SecretsFake.hex) + "\nmd5 = " + f.string(32, from: SecretsFake.hex)
        #expect(SecretsScan.hits(sha).isEmpty)
        let uuid = "id=3f2b8c1e-9d4a-4e7b-a6c5-0b1d2e3f4a5b, etag: \"" + f.string(32, from: SecretsFake.hex) + "\""
        #expect(SecretsScan.hits(uuid).isEmpty)
    }

    @Test func urlsInValuesAreNotSecrets() {
        #expect(SecretsScan.hits("token_endpoint: https://auth.example.com/oauth2/token").isEmpty)
        #expect(SecretsScan.hits("auth_url = \"https://login.example.org/authorize?client=abc\"").isEmpty)
    }

    @Test func nonASCIIAroundIsFine() {
        var f = SecretsFake(seed: 202)
        let key = f.awsAccessKey()
        let text = "clé «\(key)» 中文"
        let hits = SecretsScan.hits(text)
        #expect(hits.count == 1)
        #expect(hits.first.map { SecretsScan.matched(text, $0) } == key)
    }
}
