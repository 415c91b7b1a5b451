import ParapetCore

/// The taxonomy categories the secrets detector reports.
enum SecretCategory {
    static let awsAccessKey: CategoryID = "secret.aws_access_key"
    static let awsSecretKey: CategoryID = "secret.aws_secret_key"
    static let githubToken: CategoryID = "secret.github_token"
    static let openAIKey: CategoryID = "secret.openai_key"
    static let anthropicKey: CategoryID = "secret.anthropic_key"
    static let slackToken: CategoryID = "secret.slack_token"
    static let stripeKey: CategoryID = "secret.stripe_key"
    static let googleAPIKey: CategoryID = "secret.google_api_key"
    static let jwt: CategoryID = "secret.jwt"
    static let privateKey: CategoryID = "secret.private_key"
    static let generic: CategoryID = "secret.generic"

    static let all: [CategoryID] = [
        awsAccessKey, awsSecretKey, githubToken, openAIKey, anthropicKey, slackToken, stripeKey, googleAPIKey, jwt,
        privateKey, generic,
    ]
}
