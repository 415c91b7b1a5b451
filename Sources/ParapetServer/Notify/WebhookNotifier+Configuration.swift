import Logging
import ParapetCore

extension WebhookNotifier {
    /// The notifier of `parapet.yaml`'s `webhooks:`, or nil when there are none. Each webhook's
    /// secret is read from the environment variable its `secret_env` names; a variable that is
    /// unset or empty is an error naming it (`config.webhooks[0].secret_env: …`). A plain
    /// `http://` URL is allowed, with a warning logged once at startup. Secrets and URLs' paths
    /// are never logged.
    public static func make(
        webhooks: [WebhookEndpoint], consoleURL: String?, environment: [String: String], logger: Logger,
        settings: Settings = Settings(), dependencies: Dependencies = Dependencies()
    ) throws(ConfigErrors) -> WebhookNotifier? {
        guard !webhooks.isEmpty else { return nil }
        var errors: [ConfigError] = []
        var targets: [WebhookTarget] = []
        let root = ConfigPath("config").key("webhooks")
        for (i, endpoint) in webhooks.enumerated() {
            guard let secret = environment[endpoint.secretEnv], !secret.isEmpty else {
                errors.append(ConfigError(root.index(i).key("secret_env"), "the environment variable \(endpoint.secretEnv) is not set (it holds this webhook's signing secret)"))
                continue
            }
            if endpoint.isPlainHTTP {
                logger.warning("webhook \(endpoint.label) uses plain http://: events and signatures travel unencrypted (fine for a local receiver only)")
            }
            targets.append(WebhookTarget(endpoint: endpoint, secret: Array(secret.utf8)))
        }
        guard errors.isEmpty else { throw ConfigErrors(errors) }
        var settings = settings
        settings.consoleURL = settings.consoleURL ?? consoleURL
        logger.info("webhooks: \(targets.map { "\($0.endpoint.label) (\($0.endpoint.format.rawValue))" }.joined(separator: ", "))")
        return WebhookNotifier(targets: targets, settings: settings, dependencies: dependencies, logger: logger)
    }
}
